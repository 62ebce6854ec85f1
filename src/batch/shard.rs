//! Deterministic shards: job `id` belongs to shard `hash(id) mod N`, so a
//! job stays in its shard whatever the other jobs are, shards never
//! overlap, and together they cover everything.

use sha2::{Digest, Sha256};

/// Shard `index` (1-based) of `total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u32,
    pub total: u32,
}

impl Shard {
    /// Parses `K/N` with 1 ≤ K ≤ N.
    pub fn parse(text: &str) -> Result<Shard, String> {
        let (k, n) = text
            .split_once('/')
            .ok_or_else(|| format!("`{text}` is not K/N (e.g. 2/3)"))?;
        let index: u32 = k
            .trim()
            .parse()
            .map_err(|_| format!("`{k}` is not a shard number"))?;
        let total: u32 = n
            .trim()
            .parse()
            .map_err(|_| format!("`{n}` is not a shard count"))?;
        if total == 0 || index == 0 || index > total {
            return Err(format!("shard {index}/{total}: K must be between 1 and N"));
        }
        Ok(Shard { index, total })
    }

    /// The shard from the CI's environment: GitLab's `CI_NODE_INDEX` /
    /// `CI_NODE_TOTAL` (1-based) or Kubernetes' `JOB_COMPLETION_INDEX` /
    /// `JOB_COMPLETIONS` (0-based).
    pub fn from_environment(get: impl Fn(&str) -> Option<String>) -> Result<Option<Shard>, String> {
        let number = |name: &str| -> Result<Option<u32>, String> {
            match get(name) {
                Some(v) if !v.trim().is_empty() => v
                    .trim()
                    .parse()
                    .map(Some)
                    .map_err(|_| format!("{name}={v} is not a number")),
                _ => Ok(None),
            }
        };
        if let (Some(index), Some(total)) = (number("CI_NODE_INDEX")?, number("CI_NODE_TOTAL")?) {
            return Shard::parse(&format!("{index}/{total}")).map(Some);
        }
        if let (Some(index), Some(total)) =
            (number("JOB_COMPLETION_INDEX")?, number("JOB_COMPLETIONS")?)
        {
            return Shard::parse(&format!("{}/{total}", index + 1)).map(Some);
        }
        Ok(None)
    }

    /// Whether job `id` belongs to this shard.
    pub fn contains(&self, id: &str) -> bool {
        let digest = Sha256::digest(id.as_bytes());
        let value = u64::from_be_bytes(
            digest[..8]
                .try_into()
                .expect("a SHA-256 digest has 32 bytes"),
        );
        (value % u64::from(self.total)) as u32 + 1 == self.index
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_partition_the_jobs() {
        let ids: Vec<String> = (0..200).map(|i| format!("doc-{i}.en")).collect();
        let shards: Vec<Shard> = (1..=3).map(|k| Shard { index: k, total: 3 }).collect();
        for id in &ids {
            assert_eq!(shards.iter().filter(|s| s.contains(id)).count(), 1, "{id}");
        }
        for s in &shards {
            let n = ids.iter().filter(|id| s.contains(id)).count();
            assert!(n > 40, "shard {s} has {n} of 200 jobs");
        }
    }

    #[test]
    fn parsing_and_environment() {
        assert_eq!(Shard::parse("2/3"), Ok(Shard { index: 2, total: 3 }));
        assert!(
            Shard::parse("0/3").is_err()
                && Shard::parse("4/3").is_err()
                && Shard::parse("x").is_err()
        );
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(
            Shard::from_environment(env(&[("CI_NODE_INDEX", "2"), ("CI_NODE_TOTAL", "4")])),
            Ok(Some(Shard { index: 2, total: 4 }))
        );
        assert_eq!(
            Shard::from_environment(env(&[
                ("JOB_COMPLETION_INDEX", "0"),
                ("JOB_COMPLETIONS", "3")
            ])),
            Ok(Some(Shard { index: 1, total: 3 }))
        );
        assert_eq!(Shard::from_environment(env(&[])), Ok(None));
    }
}
