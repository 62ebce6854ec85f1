//! The vendored fonts, loaded once per process and only when a document
//! needs them, shared read-only by every job.
//!
//! Fallback is by character: Latin and Cyrillic from Liberation Serif
//! (Times New Roman metrics), Arabic from Noto Naskh Arabic, Han and CJK
//! punctuation from Noto Serif SC. In Chinese text the CJK face comes first
//! for CJK characters, so punctuation has its full-width form.

use crate::language::Language;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use harfrust::Font;
use rustc_hash::FxHashMap;
use sha2::{Digest, Sha256};

/// One face of the vendored set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FaceId {
    SerifRegular,
    SerifBold,
    SerifItalic,
    SerifBoldItalic,
    NaskhRegular,
    NaskhBold,
    CjkRegular,
    CjkBold,
    /// The faces a document repository adds in its `fonts/`, in name
    /// order: tried, in that order, for a character none of the built-in
    /// faces has.
    Added0,
    Added1,
    Added2,
    Added3,
}

impl FaceId {
    /// The faces a repository may add.
    pub(crate) const ADDED: [FaceId; 4] = [
        FaceId::Added0,
        FaceId::Added1,
        FaceId::Added2,
        FaceId::Added3,
    ];

    pub(crate) const ALL: [FaceId; 12] = [
        FaceId::SerifRegular,
        FaceId::SerifBold,
        FaceId::SerifItalic,
        FaceId::SerifBoldItalic,
        FaceId::NaskhRegular,
        FaceId::NaskhBold,
        FaceId::CjkRegular,
        FaceId::CjkBold,
        FaceId::Added0,
        FaceId::Added1,
        FaceId::Added2,
        FaceId::Added3,
    ];

    /// The file under `fonts/` of a built-in face ("" for an added one,
    /// whose file the [`FontBook`] knows).
    pub fn file(self) -> &'static str {
        match self {
            FaceId::SerifRegular => "latin/LiberationSerif-Regular.ttf",
            FaceId::SerifBold => "latin/LiberationSerif-Bold.ttf",
            FaceId::SerifItalic => "latin/LiberationSerif-Italic.ttf",
            FaceId::SerifBoldItalic => "latin/LiberationSerif-BoldItalic.ttf",
            FaceId::NaskhRegular => "arabic/NotoNaskhArabic-Regular.ttf",
            FaceId::NaskhBold => "arabic/NotoNaskhArabic-Bold.ttf",
            FaceId::CjkRegular => "chinese/NotoSerifSC-Regular.ttf",
            FaceId::CjkBold => "chinese/NotoSerifSC-Bold.ttf",
            FaceId::Added0 | FaceId::Added1 | FaceId::Added2 | FaceId::Added3 => "",
        }
    }

    /// Which added face this is, if it is one.
    fn added(self) -> Option<usize> {
        FaceId::ADDED.iter().position(|&f| f == self)
    }

    fn index(self) -> usize {
        self as usize
    }

    /// The serif face of a weight and slant.
    pub(crate) fn serif(bold: bool, italic: bool) -> FaceId {
        match (bold, italic) {
            (false, false) => FaceId::SerifRegular,
            (true, false) => FaceId::SerifBold,
            (false, true) => FaceId::SerifItalic,
            (true, true) => FaceId::SerifBoldItalic,
        }
    }

    /// The faces to try for a character, best first.
    pub(crate) fn fallback_chain(
        c: char,
        bold: bool,
        italic: bool,
        language: Language,
    ) -> [FaceId; 3] {
        let serif = FaceId::serif(bold, italic);
        let naskh = if bold {
            FaceId::NaskhBold
        } else {
            FaceId::NaskhRegular
        };
        let cjk = if bold {
            FaceId::CjkBold
        } else {
            FaceId::CjkRegular
        };
        if is_arabic(c) {
            [naskh, serif, cjk]
        } else if is_cjk(c) || (is_cjk_punctuation(c) && language.full_width_punctuation()) {
            [cjk, serif, naskh]
        } else {
            [serif, naskh, cjk]
        }
    }
}

fn is_arabic(c: char) -> bool {
    matches!(c as u32, 0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF)
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF | 0x3000..=0x303F | 0x3040..=0x30FF | 0x3100..=0x312F | 0x31A0..=0x31BF
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF
        | 0x20000..=0x2FA1F)
}

/// Punctuation shared with Latin that Chinese sets in the CJK face.
fn is_cjk_punctuation(c: char) -> bool {
    matches!(c, '“' | '”' | '‘' | '’' | '—' | '…' | '·')
}

/// A loaded face: its bytes, the shaping font and the PDF subset tag.
pub struct LoadedFace {
    pub id: FaceId,
    pub bytes: Arc<FontBytes>,
    pub font: Font,
    pub units_per_em: u16,
    /// Whether its words of plain letters may be set from their letters
    /// and pairs (letters.rs).
    pub(crate) kerns_pairs_only: bool,
    /// Its pair kerning for each of `letters::SCRIPTS`, read on first use
    /// (a face that kerns pairs only).
    pub(crate) kerning: [OnceLock<Option<super::letters::Kerning>>; 3],
    /// Its letters shaped alone (by script tag and character), for every
    /// shaper of the process: each shaper keeps those it used too.
    pub(crate) letters: std::sync::Mutex<FxHashMap<([u8; 4], char), super::letters::Letter>>,
    /// Six capital letters derived from the font's hash: the PDF font
    /// resource name and subset tag, the same in every run.
    pub tag: String,
}

impl LoadedFace {
    /// Whether the face has a glyph for `c`.
    pub(crate) fn covers(&self, c: char) -> bool {
        self.font.charmap().map_unicode(c).is_some()
    }

    /// The glyph's advance in font units, from `hmtx`.
    pub fn advance(&self, glyph: u16) -> f32 {
        self.font
            .glyph_metrics()
            .h_advance(harfrust::GlyphId::new(glyph.into()))
    }
}

/// Why a font could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot load font {path}: {reason}")]
pub struct FontError {
    pub path: PathBuf,
    pub reason: String,
}

/// All faces, each loaded on first use.
pub struct FontBook {
    /// `fonts/` of a checkout; `None` for the faces built into the binary.
    dir: Option<PathBuf>,
    /// A repository's `fonts/`: a file with a built-in face's name
    /// replaces that face.
    overrides: Option<PathBuf>,
    /// The repository's other font files, in name order: the added faces.
    added: Vec<PathBuf>,
    faces: [OnceLock<Result<Arc<LoadedFace>, FontError>>; 12],
}

impl FontBook {
    /// A book over `dir` (a checkout's `fonts/`). Nothing is read yet.
    pub fn new(dir: &Path) -> Self {
        FontBook {
            dir: Some(dir.to_path_buf()),
            overrides: None,
            added: Vec::new(),
            faces: Default::default(),
        }
    }

    /// The faces of the house: a checkout's `fonts/`, or those built into
    /// the binary (used from its own pages, never copied), with a
    /// repository's `fonts/` over them: a file named as a built-in face
    /// replaces it, any other `.ttf` or `.otf` file is an added face.
    pub fn of(house: &crate::house::House) -> Self {
        let mut book = match &house.base {
            crate::house::Base::Folder(root) => FontBook::new(&root.join("fonts")),
            crate::house::Base::BuiltIn => FontBook {
                dir: None,
                overrides: None,
                added: Vec::new(),
                faces: Default::default(),
            },
        };
        if let Some(root) = &house.overrides {
            let built_in: Vec<String> = FaceId::ALL
                .iter()
                .map(|f| format!("fonts/{}", f.file()))
                .collect();
            book.added = house
                .override_files("fonts")
                .into_iter()
                .filter(|f| {
                    let lower = f.name.to_ascii_lowercase();
                    (lower.ends_with(".ttf") || lower.ends_with(".otf"))
                        && !built_in.contains(&f.name)
                })
                .map(|f| f.path)
                .collect();
            book.overrides = Some(root.join("fonts"));
        }
        book
    }

    /// The files of the faces a repository adds, in the order they are
    /// tried.
    pub fn added(&self) -> &[PathBuf] {
        &self.added
    }

    /// How many added faces there are to try (at most [`FaceId::ADDED`]'s).
    pub(crate) fn added_count(&self) -> usize {
        self.added.len().min(FaceId::ADDED.len())
    }

    /// The file face `id` is read from, when it is one on disk.
    fn path(&self, id: FaceId) -> Option<PathBuf> {
        if let Some(i) = id.added() {
            return self.added.get(i).cloned();
        }
        if let Some(own) = self.overrides.as_ref().map(|d| d.join(id.file())) {
            if own.is_file() {
                return Some(own);
            }
        }
        self.dir.as_ref().map(|d| d.join(id.file()))
    }

    /// What identifies face `id`'s file, for the build manifest, without
    /// loading it: the built-in file's digest, or a hash of the file's size
    /// and table directory (which holds every table's checksum), or
    /// "missing".
    pub(crate) fn fingerprint(&self, id: FaceId) -> String {
        match self.path(id) {
            Some(path) => {
                header(&path).map_or_else(|_| "missing".to_owned(), |h| subset_tag_of(h.0, &h.1))
            }
            None if id.added().is_some() => "none".to_owned(),
            None => crate::house::built_in_digest(&format!("fonts/{}", id.file()))
                .unwrap_or("missing")
                .to_owned(),
        }
    }

    /// The face, loading it on first use.
    pub fn face(&self, id: FaceId) -> Result<Arc<LoadedFace>, FontError> {
        self.face_ref(id).cloned()
    }

    /// The face, borrowed (no reference count touched: the hot path of
    /// picking a face per character).
    pub(crate) fn face_ref(&self, id: FaceId) -> Result<&Arc<LoadedFace>, FontError> {
        self.faces[id.index()]
            .get_or_init(|| load(self.path(id).as_deref(), id))
            .as_ref()
            .map_err(Clone::clone)
    }
}

/// Loads face `id` from the file `on_disk`, or from the binary.
fn load(on_disk: Option<&Path>, id: FaceId) -> Result<Arc<LoadedFace>, FontError> {
    let name = format!("fonts/{}", id.file());
    let path = match on_disk {
        Some(path) => path.to_path_buf(),
        None => Path::new(crate::house::BUILT_IN_PREFIX).join(&name),
    };
    let fail = |reason: String| FontError {
        path: path.clone(),
        reason,
    };
    if on_disk.is_none() && id.added().is_some() {
        return Err(fail("no such added face".into()));
    }
    let bytes = match on_disk {
        Some(_) => FontBytes::open(&path).map_err(|e| fail(e.to_string()))?,
        None => match crate::house::built_in_file(&name).map(|f| f.bytes) {
            Some(std::borrow::Cow::Borrowed(bytes)) => FontBytes::BuiltIn(bytes),
            _ => return Err(fail("not built into this binary".into())),
        },
    };
    let bytes: Arc<FontBytes> = Arc::new(bytes);
    let tag = subset_tag(bytes.as_ref().as_ref());
    let shared: Arc<dyn AsRef<[u8]> + Send + Sync> = bytes.clone();
    let font = Font::new(harfrust::font::Blob::from(shared), 0)
        .ok_or_else(|| fail("not a TrueType/OpenType font".into()))?;
    let units_per_em = font.units_per_em();
    let kerns_pairs_only = super::letters::kerns_pairs_only(bytes.as_ref().as_ref());
    Ok(Arc::new(LoadedFace {
        id,
        bytes,
        font,
        units_per_em,
        kerns_pairs_only,
        kerning: Default::default(),
        letters: Default::default(),
        tag,
    }))
}

/// Six capital letters from a hash of the font's size and table directory
/// (which holds every table's checksum): the same font gives the same tag,
/// without reading the whole file (15 MB for Chinese).
fn subset_tag(bytes: &[u8]) -> String {
    let tables = bytes
        .get(4..6)
        .map_or(0, |n| usize::from(u16::from_be_bytes([n[0], n[1]])));
    let directory = &bytes[..bytes.len().min(12 + 16 * tables)];
    subset_tag_of(bytes.len() as u64, directory)
}

/// A font file's size and table directory, read without the rest.
fn header(path: &Path) -> std::io::Result<(u64, Vec<u8>)> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let size = file.metadata()?.len();
    let mut head = [0u8; 12];
    file.read_exact(&mut head)?;
    let tables = u64::from(u16::from_be_bytes([head[4], head[5]]));
    let mut directory = head.to_vec();
    file.take(16 * tables).read_to_end(&mut directory)?;
    Ok((size, directory))
}

fn subset_tag_of(size: u64, directory: &[u8]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(size.to_be_bytes());
    hasher.update(directory);
    hasher
        .finalize()
        .iter()
        .take(6)
        .map(|b| (b'A' + b % 26) as char)
        .collect()
}

/// A font file's bytes, read only: built into the binary, or a file mapped
/// into memory. Either way pages are read when touched, so shaping a few
/// characters of the Chinese face reads little of it, and the shaper and
/// the PDF writer share one copy. `memmap2` does the mapping on every
/// platform (Unix and Windows).
pub enum FontBytes {
    BuiltIn(&'static [u8]),
    Mapped(memmap2::Mmap),
}

impl FontBytes {
    fn open(path: &Path) -> std::io::Result<FontBytes> {
        let file = std::fs::File::open(path)?;
        if file.metadata()?.len() == 0 {
            return Err(std::io::Error::other("empty file"));
        }
        // SAFETY: a read-only mapping of a regular file we opened; the
        // fonts folder is not written while polypress runs (a font changed
        // under a running build is outside what the tool promises).
        let map = unsafe { memmap2::Mmap::map(&file)? };
        Ok(FontBytes::Mapped(map))
    }
}

impl AsRef<[u8]> for FontBytes {
    fn as_ref(&self) -> &[u8] {
        match self {
            FontBytes::BuiltIn(bytes) => bytes,
            FontBytes::Mapped(map) => map,
        }
    }
}

impl std::ops::Deref for FontBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        self.as_ref()
    }
}
