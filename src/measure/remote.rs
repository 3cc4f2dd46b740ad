//! Measuring one unit on a cluster's head node, where reV is installed: the same
//! `Measurement` and live `Sample`s as a local run, read from `assets/remote/measure_unit.sh`
//! streaming over the dashboard's shared ssh connection. Unlike `remote::run_script`,
//! which collects the output at the end, the script's lines are read as they come, and
//! ssh's stdin stays open: a line on it stops the command, and so does its end (pcwiz gone),
//! so a unit never runs on unwatched.

use std::process::Stdio;
use std::sync::atomic::Ordering;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::sync::mpsc::UnboundedSender;

use super::{MeasureError, Measurement, Options, Output, Sample};
use crate::remote::{SshTarget, shell_quote};

const SCRIPT: &str = include_str!("../../assets/remote/measure_unit.sh");
/// How often the head node samples: each sample forks `cat` and `awk` there.
pub const REMOTE_INTERVAL: Duration = Duration::from_millis(500);
/// How often a wanted stop is looked for.
const STOP_POLL: Duration = Duration::from_millis(100);

#[derive(Debug, thiserror::Error)]
pub enum RemoteError {
    #[error(transparent)]
    Local(#[from] MeasureError),
    #[error(
        "`{0}` is not on the head node's PATH: a non-interactive ssh shell does not activate reV's environment, so do it in the command, e.g. -- bash -lc 'source ~/rev/bin/activate && reV generation -c config_gen.json'"
    )]
    NotFound(String),
    #[error("the head node has no directory {0}")]
    NoDirectory(String),
    #[error("could not reach the head node {target}: {said}")]
    Unreachable { target: String, said: String },
    #[error("the measurement on the head node ended without its result ({0})")]
    Incomplete(String),
}

/// Runs `command` on `target` (the cluster's head node) and measures it there, sending each
/// sample down `samples` as it arrives (the TUI's channel, as `measure_in_background`).
/// `options.dir` is a directory on the head node; `options.stop` stops the command there.
pub async fn measure_on_head_node(
    target: &SshTarget,
    command: Vec<String>,
    options: Options,
    samples: UnboundedSender<Sample>,
) -> Result<Measurement, RemoteError> {
    let ssh = crate::remote::run::streaming(target, &remote_command_line(&command, &options)?);
    let described = format!("{}@{}", target.user, target.host);
    watch(ssh, &described, command, options, samples).await
}

/// The remote command, quoted for the login shell that ssh hands it to.
fn remote_command_line(command: &[String], options: &Options) -> Result<String, MeasureError> {
    if command.is_empty() {
        return Err(MeasureError::NoCommand);
    }
    let mut words = vec![
        "bash".to_string(),
        "-s".into(),
        "--".into(),
        "--interval-ms".into(),
        options.interval.as_millis().max(1).to_string(),
    ];
    if let Some(dir) = &options.dir {
        words.push("--dir".into());
        words.push(shell_quote(&dir.to_string_lossy()));
    }
    words.push("--".into());
    words.extend(command.iter().map(|word| shell_quote(word)));
    Ok(words.join(" "))
}

/// Starts `transport` (ssh, or a local shell in the tests), sends it the script and reads
/// its lines to the end. `described` names the far end in errors.
async fn watch(
    mut transport: tokio::process::Command,
    described: &str,
    command: Vec<String>,
    options: Options,
    samples: UnboundedSender<Sample>,
) -> Result<Measurement, RemoteError> {
    let unreachable = |said: String| RemoteError::Unreachable {
        target: described.to_string(),
        said,
    };
    // Its own process group: the terminal's Ctrl-C reaches pcwiz only, which stops the
    // command through stdin and still reads how it ended.
    transport
        .process_group(0)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    let mut child = transport
        .spawn()
        .map_err(|e| unreachable(format!("could not run ssh: {e}")))?;
    let mut stdin = child.stdin.take().expect("stdin was piped");
    stdin
        .write_all(SCRIPT.as_bytes())
        .await
        .map_err(|e| unreachable(format!("could not send the script: {e}")))?;
    let stderr = tokio::spawn(pass_on(
        child.stderr.take().expect("stderr was piped"),
        options.output.clone(),
    ));
    let mut lines = BufReader::new(child.stdout.take().expect("stdout was piped")).lines();
    let mut reading = Reading::new(command, options.interval);
    let mut stop_sent = false;
    let mut poll = tokio::time::interval(STOP_POLL);
    let mut outcome = None;
    loop {
        tokio::select! {
            line = lines.next_line() => match line {
                Ok(Some(line)) => match parse_line(&line) {
                    Some(Line::End { centis, status, cpu_ticks }) => {
                        outcome = Some(reading.finish(centis, status, cpu_ticks));
                    }
                    Some(Line::Failed { kind, what }) => {
                        return Err(match kind.as_str() {
                            "not-found" => RemoteError::NotFound(what),
                            "no-dir" => RemoteError::NoDirectory(what),
                            _ => RemoteError::Incomplete(format!("{kind} {what}")),
                        });
                    }
                    Some(other) => {
                        if let Some(sample) = reading.read(other) {
                            // A screen that went away stops listening; the unit carries on.
                            let _ = samples.send(sample);
                        }
                    }
                    None => {}
                },
                Ok(None) | Err(_) => break,
            },
            _ = poll.tick(), if !stop_sent => {
                if options.stop.as_ref().is_some_and(|s| s.load(Ordering::Relaxed)) {
                    // Any line stops it; if ssh is already gone, so is the command.
                    let _ = stdin.write_all(b"stop\n").await;
                    stop_sent = true;
                }
            }
        }
    }
    drop(stdin);
    let status = child.wait().await.ok().and_then(|s| s.code());
    let said = stderr.await.unwrap_or_default();
    match outcome {
        Some(measured) => Ok(measured),
        None if status == Some(255) => Err(unreachable(said)),
        None => Err(RemoteError::Incomplete(if said.is_empty() {
            format!("exit status {status:?}")
        } else {
            said
        })),
    }
}

/// Passes the command's output (and ssh's own complaints) on where `output` says; returns
/// the last line, which says why when ssh fails.
async fn pass_on(stream: tokio::process::ChildStderr, output: Output) -> String {
    // The unit's own output, piped on as the local measurement's child writes it: to
    // pcwiz's stderr, a file, or nowhere.
    let mut sink: Option<Box<dyn tokio::io::AsyncWrite + Unpin + Send>> = match &output {
        Output::File(path) => tokio::fs::File::create(path)
            .await
            .ok()
            .map(|f| Box::new(f) as _),
        Output::Inherit | Output::Stderr => Some(Box::new(tokio::io::stderr())),
        Output::Null => None,
    };
    let mut lines = BufReader::new(stream).lines();
    let mut last = String::new();
    while let Ok(Some(line)) = lines.next_line().await {
        if let Some(sink) = sink.as_mut() {
            let _ = sink.write_all(format!("{line}\n").as_bytes()).await;
        }
        if !line.trim().is_empty() {
            last = line.trim().to_string();
        }
    }
    last
}

/// One line of the script's stdout.
#[derive(Debug, Clone, PartialEq)]
enum Line {
    Hello {
        ticks_per_second: u64,
    },
    Sample {
        centis: u64,
        processes: u32,
        rss_bytes: u64,
        cpu_ticks: u64,
        /// The largest single process's peak (VmHWM), as wait4's maxrss is locally.
        hwm_bytes: u64,
    },
    End {
        centis: u64,
        status: i32,
        /// `None` when the command had to be killed before it could say.
        cpu_ticks: Option<u64>,
    },
    Failed {
        kind: String,
        what: String,
    },
}

/// `None` for a line that is not the script's (nothing else writes to its stdout, but a
/// login banner could).
fn parse_line(line: &str) -> Option<Line> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let number = |i: usize| words.get(i)?.parse::<u64>().ok();
    match *words.first()? {
        "pcwiz-measure" => Some(Line::Hello {
            ticks_per_second: number(2).filter(|&t| t > 0)?,
        }),
        "sample" if words.len() == 6 => Some(Line::Sample {
            centis: number(1)?,
            processes: number(2)?.try_into().ok()?,
            rss_bytes: number(3)?,
            cpu_ticks: number(4)?,
            hwm_bytes: number(5)?,
        }),
        "end" if words.len() == 4 => Some(Line::End {
            centis: number(1)?,
            status: words[2].parse().ok()?,
            cpu_ticks: number(3),
        }),
        "error" => {
            let (kind, what) = line.strip_prefix("error ")?.split_once(' ')?;
            Some(Line::Failed {
                kind: kind.into(),
                what: what.into(),
            })
        }
        _ => None,
    }
}

/// The samples so far, turned into `Sample`s and at the end a `Measurement` the way the
/// local watch does: CPU time never goes back, cores since the previous sample.
struct Reading {
    command: Vec<String>,
    interval: Duration,
    ticks_per_second: f64,
    last: Sample,
    peak_processes: u32,
    largest_process_bytes: u64,
    samples: u32,
}

impl Reading {
    fn new(command: Vec<String>, interval: Duration) -> Self {
        Self {
            command,
            interval,
            // Linux's USER_HZ, until the script says.
            ticks_per_second: 100.0,
            last: Sample::default(),
            peak_processes: 0,
            largest_process_bytes: 0,
            samples: 0,
        }
    }

    fn read(&mut self, line: Line) -> Option<Sample> {
        match line {
            Line::Hello { ticks_per_second } => {
                self.ticks_per_second = ticks_per_second as f64;
                None
            }
            Line::Sample {
                centis,
                processes,
                rss_bytes,
                cpu_ticks,
                hwm_bytes,
            } => {
                let elapsed = centis as f64 / 100.0;
                let cpu_seconds =
                    (cpu_ticks as f64 / self.ticks_per_second).max(self.last.cpu_seconds);
                let since = elapsed - self.last.elapsed_seconds;
                self.last = Sample {
                    elapsed_seconds: elapsed,
                    processes,
                    rss_bytes,
                    peak_rss_bytes: self.last.peak_rss_bytes.max(rss_bytes),
                    cpu_seconds,
                    cores_now: if since > 0.0 {
                        (cpu_seconds - self.last.cpu_seconds) / since
                    } else {
                        0.0
                    },
                };
                self.peak_processes = self.peak_processes.max(processes);
                self.largest_process_bytes = self.largest_process_bytes.max(hwm_bytes);
                self.samples += 1;
                Some(self.last)
            }
            Line::End { .. } | Line::Failed { .. } => None,
        }
    }

    fn finish(&self, centis: u64, status: i32, cpu_ticks: Option<u64>) -> Measurement {
        // /proc/uptime counts hundredths: a unit shorter than that took at most one.
        let wall_seconds = (centis as f64 / 100.0).max(0.01);
        let cpu_seconds = cpu_ticks
            .map(|t| t as f64 / self.ticks_per_second)
            .unwrap_or(0.0)
            .max(self.last.cpu_seconds);
        // The shell's convention: 128 + N for a command killed by signal N.
        let signal = (129..=192).contains(&status).then_some(status - 128);
        Measurement {
            command: self.command.clone(),
            wall_seconds,
            cpu_seconds,
            cores_used: cpu_seconds / wall_seconds,
            peak_memory_bytes: self.last.peak_rss_bytes.max(self.largest_process_bytes),
            peak_processes: self.peak_processes,
            exit_code: signal.is_none().then_some(status),
            signal,
            samples: self.samples,
            interval_ms: self.interval.as_millis() as u64,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::AtomicBool;

    fn words(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_scripts_lines_are_read_and_anything_else_is_skipped() {
        assert_eq!(
            parse_line("pcwiz-measure 1 100 4096"),
            Some(Line::Hello {
                ticks_per_second: 100
            })
        );
        assert_eq!(
            parse_line("sample 32 3 135626752 18 70721536"),
            Some(Line::Sample {
                centis: 32,
                processes: 3,
                rss_bytes: 135_626_752,
                cpu_ticks: 18,
                hwm_bytes: 70_721_536
            })
        );
        assert_eq!(
            parse_line("end 247 0 228"),
            Some(Line::End {
                centis: 247,
                status: 0,
                cpu_ticks: Some(228)
            })
        );
        assert_eq!(
            parse_line("end 438 137 -"),
            Some(Line::End {
                centis: 438,
                status: 137,
                cpu_ticks: None
            })
        );
        assert_eq!(
            parse_line("error not-found reV"),
            Some(Line::Failed {
                kind: "not-found".into(),
                what: "reV".into()
            })
        );
        assert_eq!(
            parse_line("error no-dir /home/u/my runs"),
            Some(Line::Failed {
                kind: "no-dir".into(),
                what: "/home/u/my runs".into()
            })
        );
        for noise in [
            "Welcome to Ubuntu",
            "sample 1 2 3",
            "end x 0 1",
            "",
            "sample 1 2 3 4 -1",
        ] {
            assert_eq!(parse_line(noise), None, "{noise:?}");
        }
    }

    #[test]
    fn samples_become_the_same_measurement_a_local_run_gives() {
        let mut reading = Reading::new(words(&["reV"]), REMOTE_INTERVAL);
        let lines = [
            "pcwiz-measure 1 250 4096",
            "sample 50 3 1000 250 4000",
            "sample 100 3 3000 750 2500",
            // A worker reaped without its parent waiting: its ticks leave the sum.
            "sample 150 2 2000 600 2500",
        ];
        let samples: Vec<Sample> = lines
            .iter()
            .filter_map(|l| reading.read(parse_line(l).unwrap()))
            .collect();
        assert_eq!(samples.len(), 3);
        assert_eq!(samples[1].cpu_seconds, 3.0, "ticks at 250 a second");
        assert_eq!(samples[1].cores_now, 4.0, "2 s of CPU in 0.5 s");
        assert_eq!(samples[2].cpu_seconds, 3.0, "never goes back");
        assert_eq!(samples[2].peak_rss_bytes, 3000);
        let m = reading.finish(200, 0, Some(1000));
        assert_eq!(
            (m.wall_seconds, m.cpu_seconds, m.cores_used),
            (2.0, 4.0, 2.0)
        );
        assert_eq!(
            m.peak_memory_bytes, 4000,
            "one process's own peak is larger"
        );
        assert_eq!((m.peak_processes, m.samples, m.interval_ms), (3, 3, 500));
        assert_eq!(m.outcome(), "exit 0");
        assert_eq!(
            reading.finish(200, 143, None).outcome(),
            "killed by signal 15"
        );
        assert_eq!(reading.finish(200, 143, None).cpu_seconds, 3.0);
        assert_eq!(reading.finish(200, 2, None).outcome(), "exit 2");
    }

    #[test]
    fn every_word_reaches_the_remote_shell_whole() {
        let options = Options {
            dir: Some("~/runs/it's here".into()),
            ..Options::default()
        };
        let line =
            remote_command_line(&words(&["reV", "-c", "a b's $(x).json"]), &options).unwrap();
        assert_eq!(
            line,
            r#"bash -s -- --interval-ms 100 --dir ~/'runs/it'\''s here' -- 'reV' '-c' 'a b'\''s $(x).json'"#
        );
        assert!(matches!(
            remote_command_line(&[], &options),
            Err(MeasureError::NoCommand)
        ));
    }

    /// The real script, through `sh -c` as sshd runs the remote command: everything but ssh.
    async fn run_here(
        command: &[&str],
        options: Options,
    ) -> (Result<Measurement, RemoteError>, Vec<Sample>) {
        let mut shell = tokio::process::Command::new("sh");
        shell
            .arg("-c")
            .arg(remote_command_line(&words(command), &options).unwrap());
        let (sender, mut received) = tokio::sync::mpsc::unbounded_channel();
        let result = watch(shell, "here", words(command), options, sender).await;
        let mut samples = vec![];
        while let Ok(sample) = received.try_recv() {
            samples.push(sample);
        }
        (result, samples)
    }

    fn quiet() -> Options {
        Options {
            interval: Duration::from_millis(200),
            output: Output::Null,
            ..Options::default()
        }
    }

    #[tokio::test]
    async fn the_script_measures_a_tree_that_burns_cpu_in_two_processes() {
        // Two children spin 0.6 s of CPU each, each holding 50 MiB.
        let program = "import os, time\nfor _ in range(2):\n    if os.fork() == 0:\n        data = b'x' * (50 << 20)\n        t = time.process_time()\n        while time.process_time() - t < 0.6: pass\n        os._exit(0)\nfor _ in range(2): os.wait()";
        let (measured, samples) = run_here(&["python3", "-c", program], quiet()).await;
        let m = measured.unwrap();
        assert_eq!(m.outcome(), "exit 0");
        // The children's 1.2 s, reaped by python, found through the runner's cutime.
        assert!((1.1..=2.5).contains(&m.cpu_seconds), "{m:?}");
        assert!(m.peak_memory_bytes >= 50 << 20, "{m:?}");
        assert!(!samples.is_empty() && m.samples as usize == samples.len());
    }

    #[tokio::test]
    async fn a_missing_command_and_a_failing_one_are_told_apart() {
        let (missing, _) = run_here(&["pcwiz-no-such-program"], quiet()).await;
        assert!(
            matches!(&missing, Err(RemoteError::NotFound(name)) if name == "pcwiz-no-such-program"),
            "{missing:?}"
        );
        let (failed, _) = run_here(&["sh", "-c", "exit 3"], quiet()).await;
        assert_eq!(failed.unwrap().outcome(), "exit 3");
    }

    #[tokio::test]
    async fn stopping_ends_the_remote_tree_and_still_reports() {
        let stop = Arc::new(AtomicBool::new(false));
        let options = Options {
            stop: Some(stop.clone()),
            ..quiet()
        };
        let started = std::time::Instant::now();
        let stopper = tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(500)).await;
            stop.store(true, Ordering::Relaxed);
        });
        let (measured, _) = run_here(&["sh", "-c", "sleep 30 & wait"], options).await;
        stopper.await.unwrap();
        assert_eq!(measured.unwrap().outcome(), "killed by signal 15");
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}
