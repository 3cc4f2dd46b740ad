//! Reading a big answer without holding all of it as a JSON tree: the records array is
//! walked element by element, each element turned into a record at once and dropped. A
//! 10,000-job `squeue --json` is about 50 MB of text; as one `serde_json::Value` it took
//! some 600 MB, read this way it takes little more than the text.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserializer;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::SlurmError;
use super::envelope::{self, Envelope};

/// The envelope (meta, errors, warnings) and the records under `key`, if there was such
/// an array (None when the key is missing or null).
pub fn open<T>(
    json: &str,
    key: &'static str,
    read: fn(&Value) -> Option<T>,
) -> Result<(Envelope, Option<Vec<T>>), SlurmError> {
    let trimmed = json.trim();
    if trimmed.is_empty() {
        return Err(SlurmError::NotJson(
            "Slurm printed nothing (is slurmctld running?)".into(),
        ));
    }
    let mut de = serde_json::Deserializer::from_str(trimmed);
    let (top, records) = de
        .deserialize_map(TopVisitor {
            key,
            read,
            marker: PhantomData,
        })
        .map_err(|e| {
            let preview: String = trimmed.chars().take(80).collect();
            if e.is_data() {
                SlurmError::Unexpected(format!("{e}; output starts: {preview:?}"))
            } else {
                SlurmError::NotJson(format!("{e}; output starts: {preview:?}"))
            }
        })?;
    de.end()
        .map_err(|e| SlurmError::NotJson(format!("trailing output after the JSON: {e}")))?;
    Ok((envelope::from_top(top), records))
}

struct TopVisitor<T> {
    key: &'static str,
    read: fn(&Value) -> Option<T>,
    marker: PhantomData<T>,
}

impl<'de, T> Visitor<'de> for TopVisitor<T> {
    type Value = (serde_json::Map<String, Value>, Option<Vec<T>>);

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut top = serde_json::Map::new();
        let mut records = None;
        while let Some(name) = map.next_key::<String>()? {
            if name == self.key {
                records = map.next_value_seed(Records {
                    read: self.read,
                    marker: PhantomData,
                })?;
            } else if matches!(name.as_str(), "meta" | "errors" | "warnings") {
                top.insert(name, map.next_value::<Value>()?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok((top, records))
    }
}

struct Records<T> {
    read: fn(&Value) -> Option<T>,
    marker: PhantomData<T>,
}

impl<'de, T> DeserializeSeed<'de> for Records<T> {
    type Value = Option<Vec<T>>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, T> Visitor<'de> for Records<T> {
    type Value = Option<Vec<T>>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of records, or null")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(element) = seq.next_element::<Value>()? {
            if let Some(record) = (self.read)(&element) {
                out.push(record);
            }
        }
        Ok(Some(out))
    }
}
