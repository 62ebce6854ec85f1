//! Wall time per stage, printed to stderr when the environment has
//! `POLYPRESS_PHASES` set: the tool for finding where a render's time goes
//! (README, "Benchmark"). Any stage may time itself; the data flow does
//! not pass through here.

/// The phases of one piece of work, timed as they end.
pub struct Phases {
    last: Option<std::time::Instant>,
    times: Vec<(&'static str, f64)>,
}

impl Phases {
    /// Starts timing (a no-op unless `POLYPRESS_PHASES` is set; the
    /// environment is read once per process).
    pub fn start() -> Self {
        Phases {
            last: Self::wanted().then(std::time::Instant::now),
            times: Vec::new(),
        }
    }

    fn wanted() -> bool {
        static WANTED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
        *WANTED.get_or_init(|| std::env::var_os("POLYPRESS_PHASES").is_some())
    }

    /// Ends the phase `stage`: the time since the last mark.
    pub fn mark(&mut self, stage: &'static str) {
        if let Some(last) = self.last {
            let now = std::time::Instant::now();
            self.times
                .push((stage, now.duration_since(last).as_secs_f64() * 1000.0));
            self.last = Some(now);
        }
    }

    /// Prints the phases of the work `id` in `lang`.
    pub fn report(&self, id: &str, lang: &str) {
        if self.last.is_some() {
            let stages: Vec<String> = self
                .times
                .iter()
                .map(|(stage, ms)| format!("{stage} {ms:.2} ms"))
                .collect();
            eprintln!("phases {id}.{lang}: {}", stages.join(", "));
        }
    }
}
