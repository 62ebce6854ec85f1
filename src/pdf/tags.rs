//! The structure tree (ISO 32000-1 §14.7, §14.8; PDF/UA-1 §7.1): a
//! `StructTreeRoot`, a `Document` element whose children are the
//! paragraphs, headings and footnotes in reading order, a parent tree from
//! each page's MCIDs, `/StructParents` and `/Tabs /S` on each page and a
//! role map for our own types. Inside the elements, a `Span` with `/Lang`
//! for each Latin run in Arabic or Chinese text (§14.9.2.2; PDF/UA-1
//! §7.2), an `Lbl` for each footnote's label and an `/ID` on each `Note`
//! (PDF/UA-1 §7.9), a `Link` for each link holding its text and its
//! annotation by `OBJR` (`links.rs` gives the annotation its side);
//! right to left, the children in logical, not drawing, order.

use std::collections::BTreeMap;

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::{links, name};
use crate::paginate::{PagedDocument, Role};

/// One marked-content sequence: page, MCID, the structure element it
/// belongs to and what part of it the sequence is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tagged {
    pub page: usize,
    pub mcid: i64,
    pub element: usize,
    pub part: Part,
    /// Where the sequence is read on its page (its first run in logical
    /// order): it orders the element's children.
    pub order: usize,
    /// A link's text, for its annotation's `/Contents` (other parts: none).
    pub link_text: Option<String>,
}

/// What a marked-content sequence is inside its structure element. The
/// page writer starts a new sequence where the part changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    /// The element's own text: a marked-content reference in the element.
    Text,
    /// Text in another language than the document's (Latin inside Arabic
    /// or Chinese): a `Span` child with its `/Lang` (ISO 32000-1 §14.9.2.2).
    Lang(&'static str),
    /// A footnote's label: an `Lbl` child of the `Note` (ISO 32000-1 §14.8.4.3.3).
    Label,
    /// A link's text: a `Link` child holding the text and, by an object
    /// reference, the page's n-th annotation, which gets `/StructParent`
    /// and the text as `/Contents` (PDF/UA-1 §7.18.5).
    Link(usize),
}

impl Part {
    /// The structure type the sequence is tagged with in the content
    /// stream: the element's own for its text, else the child's.
    pub(crate) fn structure_type(self, role: Role) -> &'static str {
        match self {
            Part::Text => role.name(),
            Part::Lang(_) => "Span",
            Part::Label => "Lbl",
            Part::Link(_) => "Link",
        }
    }
}

/// Writes the structure tree; returns the StructTreeRoot.
pub fn write(
    pdf: &mut Document,
    document: &PagedDocument,
    tagging: &[Tagged],
    pages: &[ObjectId],
) -> ObjectId {
    let root_id = pdf.new_object_id();
    let document_id = pdf.new_object_id();
    let mut tree = Tree {
        pdf,
        pages,
        parents: BTreeMap::new(),
        annotation_parents: Vec::new(),
    };
    let elements: Vec<ObjectId> = by_element(tagging)
        .into_iter()
        .map(|(element, marks)| tree.element(document, document_id, element, &marks))
        .collect();
    tree.pdf.objects.insert(
        document_id,
        Object::Dictionary(Dictionary::from_iter(vec![
            ("Type", name("StructElem")),
            ("S", name("Document")),
            ("P", Object::Reference(root_id)),
            (
                "Lang",
                Object::string_literal(document.language().pdf_tag()),
            ),
            (
                "K",
                Object::Array(elements.into_iter().map(Object::Reference).collect()),
            ),
        ])),
    );
    let (parent_tree, next_key) = tree.parent_tree();
    let mut role_map = Dictionary::new();
    for role in document.elements.iter().copied() {
        if let Some(standard) = role.standard() {
            role_map.set(role.name(), name(standard));
        }
    }
    pdf.objects.insert(
        root_id,
        Object::Dictionary(Dictionary::from_iter(vec![
            ("Type", name("StructTreeRoot")),
            ("K", Object::Reference(document_id)),
            ("ParentTree", Object::Reference(parent_tree)),
            ("ParentTreeNextKey", Object::Integer(next_key)),
            ("RoleMap", Object::Dictionary(role_map)),
        ])),
    );
    root_id
}

/// The marked-content sequences of each element that has content, in
/// element (reading) order, each element's in page and reading order.
fn by_element(tagging: &[Tagged]) -> BTreeMap<usize, Vec<&Tagged>> {
    let mut content: BTreeMap<usize, Vec<&Tagged>> = BTreeMap::new();
    for t in tagging {
        content.entry(t.element).or_default().push(t);
    }
    for marks in content.values_mut() {
        marks.sort_by_key(|t| (t.page, t.order));
    }
    content
}

/// The structure tree being written.
struct Tree<'a> {
    pdf: &'a mut Document,
    pages: &'a [ObjectId],
    /// The direct parent of each (page, MCID).
    parents: BTreeMap<(usize, i64), ObjectId>,
    /// The parent of each annotation, by its `/StructParent` key
    /// (numbered after the pages').
    annotation_parents: Vec<ObjectId>,
}

impl Tree<'_> {
    /// Writes one element of the `Document` and its children.
    fn element(
        &mut self,
        document: &PagedDocument,
        parent: ObjectId,
        element: usize,
        marks: &[&Tagged],
    ) -> ObjectId {
        let id = self.pdf.new_object_id();
        let element_page = marks[0].page;
        let kids: Vec<Object> = marks
            .iter()
            .map(|t| self.kid(id, t, element_page))
            .collect();
        let role = document.elements[element];
        let mut dictionary = Dictionary::from_iter(vec![
            ("Type", name("StructElem")),
            ("S", name(role.name())),
            ("P", Object::Reference(parent)),
            ("Pg", Object::Reference(self.pages[element_page])),
            ("K", Object::Array(kids)),
        ]);
        if role == Role::Note {
            // PDF/UA-1 §7.9: a Note has an ID unique in the document.
            dictionary.set("ID", Object::string_literal(format!("note-{element}")));
        }
        self.pdf.objects.insert(id, Object::Dictionary(dictionary));
        id
    }

    /// The kid of element `id` for one of its marked-content sequences:
    /// the sequence itself, or a child element holding it.
    fn kid(&mut self, id: ObjectId, t: &Tagged, element_page: usize) -> Object {
        let mut child = match t.part {
            Part::Text => {
                self.parents.insert((t.page, t.mcid), id);
                return self.mcr(t, element_page);
            }
            Part::Link(annotation) => return self.link(id, t, annotation),
            Part::Lang(lang) => {
                let mut span = self.child(id, t, "Span");
                span.set(
                    "Lang",
                    Object::string_literal(crate::language::Language::of(lang).pdf_tag()),
                );
                span
            }
            Part::Label => self.child(id, t, "Lbl"),
        };
        child.set("K", Object::Array(vec![self.mcr(t, t.page)]));
        let child_id = self.pdf.add_object(child);
        self.parents.insert((t.page, t.mcid), child_id);
        Object::Reference(child_id)
    }

    /// A `Link` child of element `id`: the link's text and its annotation.
    fn link(&mut self, id: ObjectId, t: &Tagged, annotation: usize) -> Object {
        let link_id = self.pdf.new_object_id();
        self.parents.insert((t.page, t.mcid), link_id);
        let page = self.pages[t.page];
        let mut k = vec![self.mcr(t, t.page)];
        let key = self.pages.len() + self.annotation_parents.len();
        let text = t.link_text.as_deref().unwrap_or_default();
        if let Some(annotation_id) = links::tag(self.pdf, page, annotation, key, text) {
            self.annotation_parents.push(link_id);
            k.push(Object::Dictionary(Dictionary::from_iter(vec![
                ("Type", name("OBJR")),
                ("Pg", Object::Reference(page)),
                ("Obj", Object::Reference(annotation_id)),
            ])));
        }
        let mut link = self.child(id, t, "Link");
        link.set("K", Object::Array(k));
        self.pdf.objects.insert(link_id, Object::Dictionary(link));
        Object::Reference(link_id)
    }

    /// A child element of type `s` of element `id` for sequence `t`,
    /// without its kids.
    fn child(&self, id: ObjectId, t: &Tagged, s: &str) -> Dictionary {
        Dictionary::from_iter(vec![
            ("Type", name("StructElem")),
            ("S", name(s)),
            ("P", Object::Reference(id)),
            ("Pg", Object::Reference(self.pages[t.page])),
        ])
    }

    /// A marked-content sequence as a kid of an element on `element_page`:
    /// its MCID alone on that page (ISO 32000-1 §14.7.4.2: the element's
    /// /Pg is the page); one on another page (an element running over a
    /// page break) is a marked-content reference with its own /Pg.
    fn mcr(&self, t: &Tagged, element_page: usize) -> Object {
        if t.page == element_page {
            Object::Integer(t.mcid)
        } else {
            Object::Dictionary(Dictionary::from_iter(vec![
                ("Type", name("MCR")),
                ("Pg", Object::Reference(self.pages[t.page])),
                ("MCID", Object::Integer(t.mcid)),
            ]))
        }
    }

    /// The parent tree: for each page, the parent of each MCID in order;
    /// then the parent of each annotation. Each page gets its
    /// `/StructParents` key and tab order. Returns the tree and the next
    /// free key.
    fn parent_tree(&mut self) -> (ObjectId, i64) {
        let mut nums = Vec::new();
        for (index, page) in self.pages.iter().enumerate() {
            let on_page: Vec<Object> = self
                .parents
                .range((index, i64::MIN)..=(index, i64::MAX))
                .map(|(_, id)| Object::Reference(*id))
                .collect();
            nums.push(Object::Integer(index as i64));
            nums.push(Object::Array(on_page));
            if let Ok(Object::Dictionary(page)) = self.pdf.get_object_mut(*page) {
                page.set("StructParents", Object::Integer(index as i64));
                page.set("Tabs", name("S"));
            }
        }
        for (k, id) in self.annotation_parents.iter().enumerate() {
            nums.push(Object::Integer((self.pages.len() + k) as i64));
            nums.push(Object::Reference(*id));
        }
        let parent_tree = self
            .pdf
            .add_object(Dictionary::from_iter(vec![("Nums", Object::Array(nums))]));
        let next_key = self.pages.len() + self.annotation_parents.len();
        (parent_tree, next_key as i64)
    }
}
