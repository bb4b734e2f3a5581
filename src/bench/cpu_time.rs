//! CPU time used by this process (all threads, including those that have ended), for the share of
//! cores a parallel batch keeps busy.

/// User plus system CPU seconds of this process so far (getrusage RUSAGE_SELF); NaN if unavailable.
pub fn process_cpu_s() -> f64 {
    // SAFETY: getrusage only writes the struct it is given, which is zero-initialised plain data.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } != 0 {
        return f64::NAN;
    }
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 * 1e-6;
    seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// Logical cores this process may use.
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// The one-minute load average (/proc/loadavg), to say how busy a shared machine was; NaN if unavailable.
pub fn load_average_1min() -> f64 {
    std::fs::read_to_string("/proc/loadavg").ok().and_then(|s| s.split_whitespace().next()?.parse().ok()).unwrap_or(f64::NAN)
}
