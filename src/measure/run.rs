//! Running the command and watching it: spawn it in a process group of its own, sample the
//! tree every interval, reap it with wait4 (which also gives the kernel's own CPU time and
//! peak for it and every descendant it waited for).

use std::io;
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use super::proc_tree::{all_processes, tree_of, usage};
use super::{MeasureError, Measurement, Options, Output, Sample};

/// How often to look whether the command ended, between samples: wall time is this exact.
const REAP_EVERY: Duration = Duration::from_millis(10);
/// After SIGTERM, how long before SIGKILL.
const STOP_GRACE: Duration = Duration::from_secs(3);

/// Runs `command` to its end, calling `on_sample` at every sample. Blocking: from async
/// code use `measure_in_background`.
pub fn measure(
    command: &[String],
    options: &Options,
    mut on_sample: impl FnMut(&Sample),
) -> Result<Measurement, MeasureError> {
    let (program, args) = command.split_first().ok_or(MeasureError::NoCommand)?;
    let mut cmd = Command::new(program);
    // Its own process group, so the whole tree can be found and stopped as one. The
    // terminal's Ctrl-C then reaches only pcwiz, which passes it on through `stop`.
    cmd.args(args).process_group(0).stdin(Stdio::null());
    if let Some(dir) = &options.dir {
        cmd.current_dir(dir);
    }
    route_output(&mut cmd, &options.output)?;
    let started = Instant::now();
    let child = cmd.spawn().map_err(|source| MeasureError::Spawn {
        program: program.clone(),
        hint: if source.kind() == io::ErrorKind::NotFound {
            " (not found: is it on PATH, or in a venv to activate first?)"
        } else {
            ""
        },
        source,
    })?;
    let pid = child.id() as i32;
    // wait4 below reaps it; the handle has nothing left to do.
    drop(child);

    let mut watch = Watch::new(pid, started);
    let mut stopper = Stopper::new(pid);
    let mut next_sample = started;
    let ended = loop {
        let now = Instant::now();
        if now >= next_sample {
            on_sample(&watch.sample(now));
            next_sample = now + options.interval;
        }
        if let Some(ended) = reap(pid).map_err(MeasureError::Wait)? {
            break ended;
        }
        if options
            .stop
            .as_ref()
            .is_some_and(|s| s.load(Ordering::Relaxed))
        {
            stopper.stop();
        }
        std::thread::sleep(REAP_EVERY.min(next_sample.saturating_duration_since(Instant::now())));
    };
    let wall_seconds = started.elapsed().as_secs_f64();
    let cpu_seconds = ended.cpu_seconds.max(watch.last.cpu_seconds);
    Ok(Measurement {
        command: command.to_vec(),
        wall_seconds,
        cpu_seconds,
        cores_used: cpu_seconds / wall_seconds,
        peak_memory_bytes: watch.last.peak_rss_bytes.max(ended.max_rss_bytes),
        peak_processes: watch.peak_processes,
        exit_code: ended.exit_code,
        signal: ended.signal,
        samples: watch.samples,
        interval_ms: options.interval.as_millis() as u64,
    })
}

/// The running tree's samples so far.
struct Watch {
    pid: i32,
    started: Instant,
    page_size: u64,
    ticks_per_second: f64,
    last: Sample,
    peak_processes: u32,
    samples: u32,
}

impl Watch {
    fn new(pid: i32, started: Instant) -> Self {
        Self {
            pid,
            started,
            page_size: sysconf(libc::_SC_PAGESIZE, 4096),
            ticks_per_second: sysconf(libc::_SC_CLK_TCK, 100) as f64,
            last: Sample::default(),
            peak_processes: 0,
            samples: 0,
        }
    }

    /// One look at the tree through /proc.
    fn sample(&mut self, now: Instant) -> Sample {
        let tree = usage(&tree_of(self.pid, &all_processes()), self.page_size);
        let elapsed = now.duration_since(self.started).as_secs_f64();
        // A worker that ended unwaited-for drops out of the sum: CPU time never goes back.
        let cpu_seconds =
            (tree.cpu_ticks as f64 / self.ticks_per_second).max(self.last.cpu_seconds);
        let since = elapsed - self.last.elapsed_seconds;
        self.last = Sample {
            elapsed_seconds: elapsed,
            processes: tree.processes,
            rss_bytes: tree.rss_bytes,
            peak_rss_bytes: self.last.peak_rss_bytes.max(tree.rss_bytes),
            cpu_seconds,
            cores_now: if since > 0.0 {
                (cpu_seconds - self.last.cpu_seconds) / since
            } else {
                0.0
            },
        };
        self.peak_processes = self.peak_processes.max(tree.processes);
        self.samples += 1;
        self.last
    }
}

/// Stops the command's process group: SIGTERM first, SIGKILL after `STOP_GRACE`.
struct Stopper {
    pid: i32,
    term_sent: Option<Instant>,
}

impl Stopper {
    fn new(pid: i32) -> Self {
        Self {
            pid,
            term_sent: None,
        }
    }

    /// Called on every turn while a stop is wanted.
    fn stop(&mut self) {
        match self.term_sent {
            None => {
                signal_group(self.pid, libc::SIGTERM);
                self.term_sent = Some(Instant::now());
            }
            Some(at) if at.elapsed() > STOP_GRACE => signal_group(self.pid, libc::SIGKILL),
            Some(_) => {}
        }
    }
}

/// `measure` on a blocking thread, each sample sent down `samples` (the TUI's channel).
pub async fn measure_in_background(
    command: Vec<String>,
    options: Options,
    samples: tokio::sync::mpsc::UnboundedSender<Sample>,
) -> Result<Measurement, MeasureError> {
    tokio::task::spawn_blocking(move || {
        measure(&command, &options, |sample| {
            // A screen that went away stops listening; the measurement carries on.
            let _ = samples.send(*sample);
        })
    })
    .await
    .unwrap_or_else(|e| Err(MeasureError::Wait(io::Error::other(e))))
}

fn route_output(cmd: &mut Command, output: &Output) -> Result<(), MeasureError> {
    match output {
        Output::Inherit => {}
        Output::Stderr => {
            cmd.stdout(io::stderr()).stderr(io::stderr());
        }
        Output::Null => {
            cmd.stdout(Stdio::null()).stderr(Stdio::null());
        }
        Output::File(path) => {
            let opened = std::fs::File::create(path).and_then(|f| Ok((f.try_clone()?, f)));
            let (out, err) = opened.map_err(|source| MeasureError::OutputFile {
                path: path.clone(),
                source,
            })?;
            cmd.stdout(out).stderr(err);
        }
    }
    Ok(())
}

/// What wait4 says about the ended command.
struct Ended {
    exit_code: Option<i32>,
    signal: Option<i32>,
    /// The command and every descendant it waited for.
    cpu_seconds: f64,
    /// The largest single process among them (the kernel tracks no sum).
    max_rss_bytes: u64,
}

/// `Some` once the command has ended (and is reaped), `None` while it runs.
fn reap(pid: i32) -> io::Result<Option<Ended>> {
    let mut status = 0;
    // SAFETY: rusage is plain data the kernel fills; both pointers are to live locals.
    let mut rusage: libc::rusage = unsafe { std::mem::zeroed() };
    let reaped = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut rusage) };
    match reaped {
        0 => Ok(None),
        -1 => {
            let error = io::Error::last_os_error();
            if error.kind() == io::ErrorKind::Interrupted {
                Ok(None)
            } else {
                Err(error)
            }
        }
        _ => {
            let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
            Ok(Some(Ended {
                exit_code: libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status)),
                signal: libc::WIFSIGNALED(status).then(|| libc::WTERMSIG(status)),
                cpu_seconds: seconds(rusage.ru_utime) + seconds(rusage.ru_stime),
                // ru_maxrss is in KiB on Linux, in bytes on macOS.
                max_rss_bytes: rusage.ru_maxrss.max(0) as u64
                    * if cfg!(target_os = "macos") { 1 } else { 1024 },
            }))
        }
    }
}

fn signal_group(pid: i32, signal: i32) {
    // SAFETY: kill has no memory effects; a group that is gone gives ESRCH, ignored.
    unsafe {
        libc::kill(-pid, signal);
    }
}

fn sysconf(name: libc::c_int, fallback: u64) -> u64 {
    // SAFETY: sysconf only reads a system constant.
    let value = unsafe { libc::sysconf(name) };
    if value > 0 { value as u64 } else { fallback }
}
