#!/usr/bin/env node
// A synth process started ahead of time, for `npm start -- --watch`: while nothing else happens it loads the
// packages the previous synth loaded (cdktf, constructs, about 400 provider and library files: a quarter of a
// second of CPU, a third of a synth of one stack), then waits for `go` with the synth's arguments and
// environment, synthesizes exactly as `node scripts/app.js <args>` does, reports the packages it loaded (for the
// next one) and exits. The app's own files are loaded only after `go`, so each synth sees the saved sources.
// Messages (IPC): in {preload: string[]}, {go: {args, env}}; out {loaded: string[]} when the synth succeeded.
const { join } = require("node:path");

let going = false;
process.on("message", (message) => {
  if (message.preload) {
    for (const file of message.preload) {
      try {
        require(file);
      } catch {
        // removed or changed since: the synth loads what it needs itself
      }
    }
  }
  if (message.go && !going) {
    going = true;
    Object.assign(process.env, message.go.env);
    process.argv = [process.execPath, join(__dirname, "app.js"), ...message.go.args];
    let reported = false;
    process.on("beforeExit", () => {
      if (reported || !process.connected) return;
      reported = true;
      const loaded = Object.keys(require.cache).filter((file) => file.includes("/node_modules/"));
      process.send({ loaded }, () => process.disconnect());
    });
    // The synth alone decides when this process ends.
    process.channel?.unref();
    require("./app").run();
  }
});

// The gateway stopped before this one was used.
process.on("disconnect", () => {
  if (!going) process.exit(0);
});
