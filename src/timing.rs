//! Wall time and page faults per stage, printed to stderr when the
//! environment has `POLYPRESS_PHASES` set: the tool for finding where a
//! render's time and fresh memory go (README, "Benchmark"). Any stage may
//! time itself; the data flow does not pass through here.

/// The phases of one piece of work, timed as they end.
pub struct Phases {
    last: Option<(std::time::Instant, u64)>,
    /// When the first phase began, in ms since [`since_start`]'s origin.
    began: f64,
    times: Vec<(&'static str, f64, u64)>,
}

/// The instant the process's `main` began, or else the first call.
static ORIGIN: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// Notes the process's start: called first thing in `main`, so every
/// report tells when its work began on the same clock.
pub fn process_started() {
    ORIGIN.get_or_init(std::time::Instant::now);
}

/// Milliseconds since [`process_started`].
fn since_start(at: std::time::Instant) -> f64 {
    at.saturating_duration_since(*ORIGIN.get_or_init(std::time::Instant::now))
        .as_secs_f64()
        * 1000.0
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
        let last = Self::wanted().then(|| (std::time::Instant::now(), faults()));
        Phases {
            began: last.map_or(0.0, |(at, _)| since_start(at)),
            last,
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
            eprintln!(
                "phases {id}.{lang}: from {:.2} ms: {}",
                self.began,
                stages.join(", ")
            );
        }
    }
}
