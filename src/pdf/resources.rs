//! The page resources: the fonts (`fonts.rs`) and the form XObjects of
//! the vector graphics, each in one dictionary every page shares. printpdf
//! writes these dictionaries empty (it has no fonts or images of ours), so
//! ours take their objects and none is left unreferenced.

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use crate::paginate::{Graphic, Mark, PagedDocument};

/// Makes `fonts` the font resources of every page.
pub(crate) fn set_fonts(pdf: &mut Document, fonts: Dictionary) {
    set_page_resource(pdf, b"Font", fonts);
}

/// Sets the `key` dictionary of every page's resources to `value`, in
/// the object of the one printpdf wrote.
fn set_page_resource(pdf: &mut Document, key: &[u8], value: Dictionary) {
    let pages: Vec<ObjectId> = pdf.get_pages().values().copied().collect();
    let mut value_id = None;
    for page in pages {
        let resources_id = match pdf.get_dictionary(page).and_then(|d| d.get(b"Resources")) {
            Ok(Object::Reference(id)) => *id,
            _ => {
                let id = pdf.add_object(Dictionary::new());
                if let Ok(d) = pdf.get_dictionary_mut(page) {
                    d.set("Resources", Object::Reference(id));
                }
                id
            }
        };
        let id = *value_id.get_or_insert_with(|| {
            match pdf.get_dictionary(resources_id).and_then(|d| d.get(key)) {
                Ok(Object::Reference(existing)) if pdf.objects.contains_key(existing) => {
                    let existing = *existing;
                    pdf.objects
                        .insert(existing, Object::Dictionary(value.clone()));
                    existing
                }
                _ => pdf.add_object(value.clone()),
            }
        });
        if let Ok(dictionary) = pdf.get_dictionary_mut(resources_id) {
            dictionary.set(key.to_vec(), Object::Reference(id));
        }
    }
}

/// The compressed content of `graphic`'s form XObject, made on first use
/// and kept with the graphic for every later document of the process.
pub fn graphic_form(graphic: &Graphic) -> &[u8] {
    graphic.form.get_or_init(|| {
        let content = super::content::graphic_form(graphic);
        super::save::zlib_small(&content).expect("the bound leaves room for the compressed form")
    })
}

/// The form XObjects of the vector graphics the pages draw (emblem, recycle
/// mark), in the resources of every page. Each form's content is compressed
/// once per process and reused: save.rs compresses only streams that have
/// no filter.
pub(crate) fn add_graphic_forms(pdf: &mut Document, document: &PagedDocument) {
    let mut graphics: Vec<&Graphic> = Vec::new();
    for page in &document.pages {
        for mark in &page.marks {
            if let Mark::Shape { graphic, .. } = mark {
                if !graphics.iter().any(|g| g.name == graphic.name) {
                    graphics.push(graphic);
                }
            }
        }
    }
    if graphics.is_empty() {
        return;
    }
    let mut forms = Dictionary::new();
    for graphic in graphics {
        let compressed = graphic_form(graphic);
        let [x, y, width, height] = graphic.view_box;
        let mut dict = Dictionary::new();
        dict.set("Type", Object::Name(b"XObject".to_vec()));
        dict.set("Subtype", Object::Name(b"Form".to_vec()));
        dict.set("FormType", Object::Integer(1));
        dict.set(
            "BBox",
            Object::Array(
                [x, y, x + width, y + height]
                    .into_iter()
                    .map(Object::Real)
                    .collect(),
            ),
        );
        dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        let stream = Stream::new(dict, compressed.to_vec()).with_compression(false);
        let id = pdf.add_object(stream);
        forms.set(graphic.name.as_bytes(), Object::Reference(id));
    }
    set_page_resource(pdf, b"XObject", forms);
}

#[cfg(test)]
mod tests {
    use crate::paginate::graphic::BUILT_IN_MARKS;
    use crate::paginate::Graphic;

    /// Every field of a built-in mark is what its SVG gives, its form
    /// compressed as a render would compress it (`zlib_small`); with `POLYPRESS_BLESS`
    /// set, the forms are written again instead.
    #[test]
    fn built_in_marks_are_those_of_their_svg() {
        for mark in &BUILT_IN_MARKS {
            let file = crate::house::built_in_file(&format!("assets/{}", mark.file))
                .expect("the UN's marks are built in");
            let parsed = Graphic::from_svg(&String::from_utf8_lossy(&file.bytes)).unwrap();
            let form =
                super::super::save::zlib_small(&super::super::content::graphic_form(&parsed))
                    .expect("compressed");
            if std::env::var_os("POLYPRESS_BLESS").is_some() {
                let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("src/paginate/marks")
                    .join(mark.file.replace(".svg", ".form"));
                std::fs::write(&path, &form).unwrap();
                eprintln!(
                    "wrote {}: {:?} {}",
                    path.display(),
                    parsed.view_box,
                    parsed.name
                );
                continue;
            }
            let hint = "the SVG or the compressor changed: run `POLYPRESS_BLESS=1 cargo test \
                        built_in_marks` and set the view box and name it prints";
            assert_eq!(mark.view_box, parsed.view_box, "{}: {hint}", mark.file);
            assert_eq!(mark.name, parsed.name, "{}: {hint}", mark.file);
            assert!(mark.form == form.as_slice(), "{}: {hint}", mark.file);
        }
    }
}
