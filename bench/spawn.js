const { spawn } = require("node:child_process");

/**
 * Runs `node <args>` and resolves with the JSON line the child writes on file descriptor 3 (its stdout and
 * stderr are discarded, so a function's own logging never mixes with the measurement).
 */
function runMeasured(args, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      env: { ...process.env, ...env },
      stdio: ["ignore", "ignore", "pipe", "pipe"],
    });
    let report = "";
    let errors = "";
    child.stdio[3].on("data", (chunk) => {
      report += chunk;
    });
    child.stderr.on("data", (chunk) => {
      errors += chunk;
    });
    child.on("close", (code) => {
      if (code !== 0 || report === "")
        reject(new Error(`node ${args.join(" ")} failed (${code}): ${errors.slice(-800)}`));
      else resolve(JSON.parse(report.trim().split("\n").pop()));
    });
  });
}

module.exports = { runMeasured };
