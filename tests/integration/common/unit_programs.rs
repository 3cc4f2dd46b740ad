//! Units of work of known shape, for measuring: Python programs a test runs as the user's
//! command, here or on the harness's head node.

/// `N` processes, each spinning until it has used `SECONDS` of CPU; then the program writes
/// its own wall time and CPU time (children included) to `OUT` as JSON.
pub const CPU_BOUND: &str = r#"
import json, os, sys, time
n, budget, out = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
start = time.monotonic()
for _ in range(n):
    if os.fork() == 0:
        while time.process_time() < budget:
            pass
        os._exit(0)
for _ in range(n):
    os.wait()
t = os.times()
json.dump({"wall": time.monotonic() - start,
           "cpu": t.user + t.system + t.children_user + t.children_system}, open(out, "w"))
"#;

/// `N` children, each holding `MIB` MiB of written (so resident) bytes for `HOLD` seconds.
pub const MEMORY_HUNGRY: &str = r#"
import os, sys, time
n, mib, hold = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
for _ in range(n):
    if os.fork() == 0:
        data = b"x" * (mib << 20)
        time.sleep(hold)
        os._exit(0)
for _ in range(n):
    os.wait()
"#;

/// `python3 -c SCRIPT ARGS…` as a command's words.
pub fn python(script: &str, args: &[&str]) -> Vec<String> {
    ["python3", "-c", script]
        .iter()
        .chain(args)
        .map(|s| s.to_string())
        .collect()
}

/// `CPU_BOUND`'s own account, `{"wall": S, "cpu": S}`, from the text of its `OUT`.
pub fn own_account(text: &str) -> Option<(f64, f64)> {
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with("{\"wall\""))?;
    let value: serde_json::Value = serde_json::from_str(line.trim()).ok()?;
    Some((value["wall"].as_f64()?, value["cpu"].as_f64()?))
}
