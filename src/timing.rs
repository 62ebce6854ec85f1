//! Wall time and page faults per stage, printed to stderr when the
//! environment has `POLYPRESS_PHASES` set: the tool for finding where a
//! render's time and fresh memory go (README, "Benchmark"). Any stage may
//! time itself; the data flow does not pass through here.

/// The phases of one piece of work, timed as they end.
pub struct Phases {
    last: Option<(std::time::Instant, u64)>,
    times: Vec<(&'static str, f64, u64)>,
}

/// The process's page faults so far (all threads: with parallel stages a
/// phase's figure includes what other threads faulted meanwhile).
fn faults() -> u64 {
    #[cfg(unix)]
    {
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: getrusage of this process into a local.
        if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } == 0 {
            return (usage.ru_minflt.max(0) + usage.ru_majflt.max(0)) as u64;
        }
    }
    0
}

impl Phases {
    /// Starts timing (a no-op unless `POLYPRESS_PHASES` is set; the
    /// environment is read once per process).
    pub fn start() -> Self {
        Phases {
            last: Self::wanted().then(|| (std::time::Instant::now(), faults())),
            times: Vec::new(),
        }
    }

    fn wanted() -> bool {
        static WANTED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
        *WANTED.get_or_init(|| std::env::var_os("POLYPRESS_PHASES").is_some())
    }

    /// Ends the phase `stage`: the time since the last mark.
    pub fn mark(&mut self, stage: &'static str) {
        if let Some((last, faulted)) = self.last {
            let now = (std::time::Instant::now(), faults());
            self.times.push((
                stage,
                now.0.duration_since(last).as_secs_f64() * 1000.0,
                now.1.saturating_sub(faulted),
            ));
            self.last = Some(now);
        }
    }

    /// Prints the phases of the work `id` in `lang`.
    pub fn report(&self, id: &str, lang: &str) {
        if self.last.is_some() {
            let stages: Vec<String> = self
                .times
                .iter()
                .map(|(stage, ms, faults)| format!("{stage} {ms:.2} ms {faults} faults"))
                .collect();
            eprintln!("phases {id}.{lang}: {}", stages.join(", "));
        }
    }
}
