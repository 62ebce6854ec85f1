//! Where each value of a YAML file sits: a map from a path such as
//! `annexes[0].id` to its line and column, built from the parser's events.
//!
//! serde tells us *that* a value is wrong only for syntax and type errors;
//! the checks that run after deserialising (symbol grammar, dates, annex
//! references) look their value up here to point at it.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::diagnostic::Position;

/// Positions of the keys and values of one YAML file, by path.
#[derive(Debug, Default, Clone)]
pub(crate) struct Locations {
    values: HashMap<String, (Position, usize)>,
    keys: HashMap<String, Position>,
}

impl Locations {
    /// Reads the positions of `source`. A file that does not parse gives an
    /// empty map: serde reports the syntax error itself.
    pub fn of(source: &str) -> Self {
        let mut walker = Walker::default();
        let mut parser = Parser::new_from_str(source);
        if parser.load(&mut walker, false).is_err() {
            return Locations::default();
        }
        walker.locations
    }

    /// Where the value at `path` starts, and how many characters it spans
    /// (for a scalar; 1 for a collection).
    pub fn value(&self, path: &str) -> Option<(Position, usize)> {
        self.values.get(path).copied()
    }

    /// Where the key of the mapping entry at `path` sits.
    pub fn key(&self, path: &str) -> Option<Position> {
        self.keys.get(path).copied()
    }
}

/// How deep flow collections (`[…]`, `{…}`) may nest in a source: far
/// beyond any real file, and short of the YAML scanner's quadratic cost
/// (100,000 levels took it 23 s).
pub(crate) const MAX_FLOW_DEPTH: usize = 128;

/// Where `source` first opens a bracket or brace more than
/// [`MAX_FLOW_DEPTH`] deep, counting every `[`/`{` against every `]`/`}`
/// (those inside texts too: the inline syntax nests at most 16 deep, so a
/// real file never comes near).
pub(crate) fn too_deep(source: &str) -> Option<Position> {
    let mut depth = 0usize;
    // Blocks of 64 bytes with no bracket at all (most of a text) are
    // passed over by a test the compiler vectorises.
    let bracket = |byte: u8| matches!(byte, b'[' | b'{' | b']' | b'}');
    for (block, bytes) in source.as_bytes().chunks(64).enumerate() {
        if !bytes.iter().fold(false, |seen, &byte| seen | bracket(byte)) {
            continue;
        }
        for (i, &byte) in bytes.iter().enumerate() {
            match byte {
                b'[' | b'{' => {
                    depth += 1;
                    if depth > MAX_FLOW_DEPTH {
                        let offset = block * 64 + i;
                        return Some(crate::diagnostic::position_of_offset(source, offset));
                    }
                }
                b']' | b'}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
    }
    None
}

/// Where the first YAML alias (`*name`) of `source` is, if it has one.
/// Sources take none: an alias repeats an anchored value, and a few
/// kilobytes of nested aliases expand to gigabytes when deserialised.
pub(crate) fn first_alias(source: &str) -> Option<Position> {
    // An alias needs a `*`; most files have none and are not parsed twice.
    if !source.contains('*') {
        return None;
    }
    struct Aliases(Option<Position>);
    impl MarkedEventReceiver for Aliases {
        fn on_event(&mut self, event: Event, mark: Marker) {
            if self.0.is_none() && matches!(event, Event::Alias(_)) {
                self.0 = Some(Position {
                    line: mark.line(),
                    column: mark.col() + 1,
                });
            }
        }
    }
    let mut aliases = Aliases(None);
    let mut parser = Parser::new_from_str(source);
    let _ = parser.load(&mut aliases, false);
    aliases.0
}

/// One open collection while walking the events.
#[derive(Debug)]
enum Frame {
    Mapping {
        path: String,
        pending_key: Option<String>,
    },
    Sequence {
        path: String,
        next_index: usize,
    },
}

#[derive(Default)]
struct Walker {
    stack: Vec<Frame>,
    locations: Locations,
}

impl Walker {
    /// The path of the node that the next event starts, or `None` if that
    /// node is a mapping key.
    fn next_path(&mut self) -> Option<String> {
        match self.stack.last_mut() {
            None => Some(String::new()),
            Some(Frame::Sequence { path, next_index }) => {
                let p = format!("{path}[{next_index}]");
                *next_index += 1;
                Some(p)
            }
            Some(Frame::Mapping { path, pending_key }) => pending_key.take().map(|key| {
                if path.is_empty() {
                    key
                } else {
                    format!("{path}.{key}")
                }
            }),
        }
    }

    fn position(mark: &Marker) -> Position {
        Position {
            line: mark.line(),
            column: mark.col() + 1,
        }
    }
}

impl MarkedEventReceiver for Walker {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::Scalar(value, ..) => match self.next_path() {
                Some(path) => {
                    let length = value.chars().count();
                    self.locations
                        .values
                        .insert(path, (Self::position(&mark), length));
                }
                None => {
                    // A key: remember it for the value that follows.
                    if let Some(Frame::Mapping { path, pending_key }) = self.stack.last_mut() {
                        let full = if path.is_empty() {
                            value.clone()
                        } else {
                            format!("{path}.{value}")
                        };
                        self.locations.keys.insert(full, Self::position(&mark));
                        *pending_key = Some(value);
                    }
                }
            },
            Event::MappingStart(..) => {
                let path = self.next_path().unwrap_or_default();
                self.locations
                    .values
                    .insert(path.clone(), (Self::position(&mark), 1));
                self.stack.push(Frame::Mapping {
                    path,
                    pending_key: None,
                });
            }
            Event::SequenceStart(..) => {
                let path = self.next_path().unwrap_or_default();
                self.locations
                    .values
                    .insert(path.clone(), (Self::position(&mark), 1));
                self.stack.push(Frame::Sequence {
                    path,
                    next_index: 0,
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            Event::Alias(_) => {
                self.next_path();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_point_at_values_and_keys() {
        let source =
            "kind: letter\nsymbols: [A/75/906, S/2021/534]\nannexes:\n  - id: x\n    number: 2\n";
        let l = Locations::of(source);
        assert_eq!(l.value("kind").unwrap().0, Position { line: 1, column: 7 });
        assert_eq!(
            l.value("symbols[1]").unwrap(),
            (
                Position {
                    line: 2,
                    column: 21
                },
                10
            )
        );
        assert_eq!(
            l.value("annexes[0].id").unwrap().0,
            Position { line: 4, column: 9 }
        );
        assert_eq!(
            l.key("annexes[0].number").unwrap(),
            Position { line: 5, column: 5 }
        );
    }

    #[test]
    fn broken_yaml_gives_an_empty_map() {
        assert!(Locations::of("a: [1, 2\n").value("a").is_none());
    }
}

#[cfg(test)]
mod depth_tests {
    use super::*;

    #[test]
    fn the_first_bracket_past_the_limit_is_found_in_any_block() {
        // Openings past the limit at offsets on either side of a 64-byte
        // block's edge, after text without brackets.
        for lead in [0, 1, 50, 63, 64, 65, 200] {
            let source = format!("{}{}", "a".repeat(lead), "[".repeat(MAX_FLOW_DEPTH + 1));
            let position = too_deep(&source).expect("too deep");
            let expected = crate::diagnostic::position_of_offset(&source, lead + MAX_FLOW_DEPTH);
            assert_eq!(position, expected, "lead {lead}");
        }
        // Balanced brackets never get deep, however many.
        let balanced = "text {f} [x] ".repeat(500);
        assert_eq!(too_deep(&balanced), None);
    }
}
