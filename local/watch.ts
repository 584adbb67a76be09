/**
 * `npm start -- --watch`: watches the project's sources and, after each burst of saves, runs one rebuild (a
 * synth, then the gateway's reload). Saves that arrive while a rebuild runs lead to one more rebuild after it,
 * never to two at once.
 *
 * Every folder is watched on its own (and folders created later are added): editors often save by writing a
 * temporary file and renaming it over the original, and a watch on the file itself, or Node 20's recursive
 * watch on Linux (which watches each file), stops seeing the file after the first such save. A watch on the
 * folder sees every save. Editors' temporary and backup files do not count as changes.
 */
import { existsSync, type FSWatcher, lstatSync, readdirSync, statSync, watch } from "node:fs";
import { basename, dirname, join, relative } from "node:path";

export interface WatchOptions {
  /** Folders and files whose changes call for a rebuild. */
  readonly paths: readonly string[];
  /**
   * One rebuild. `changed`: the files saved since the last rebuild began; `since`: when the first of them was
   * seen (performance.now()), so the rebuild can say how long "save to served" took.
   */
  readonly rebuild: (changed: readonly string[], since: number) => Promise<void>;
  /** Quiet time after a save before the rebuild starts: a save often comes as several events. @default 30 */
  readonly debounceMs?: number;
}

export interface Watching {
  /** Resolves when no rebuild is running or due (for tests and shutdown). */
  idle(): Promise<void>;
  close(): void;
}

/** Editors' side files: vim's swap files and write test (4913), emacs' lock and backup files, `~` backups. */
const IGNORED = /(^|[\\/])(\.[^\\/]*|4913|[^\\/]*~|[^\\/]*\.sw[a-p]|[^\\/]*\.tmp)$/;

export function isIgnoredChange(file: string): boolean {
  return IGNORED.test(file) || file.split(/[\\/]/).includes("node_modules");
}

export function watchSources(options: WatchOptions): Watching {
  const debounceMs = options.debounceMs ?? 30;
  const pending = new Set<string>();
  let firstSeen: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let closed = false;

  const changed = (file: string) => {
    if (closed || isIgnoredChange(file)) return;
    pending.add(file);
    firstSeen ??= performance.now();
    clearTimeout(timer);
    timer = setTimeout(start, debounceMs);
  };

  const start = () => {
    timer = undefined;
    if (running || pending.size === 0 || closed) return;
    const files = [...pending].sort();
    const since = firstSeen ?? performance.now();
    pending.clear();
    firstSeen = undefined;
    running = options
      .rebuild(files, since)
      .catch(() => undefined)
      .finally(() => {
        running = undefined;
        if (pending.size > 0) start();
      });
  };

  /** One watch per folder, by path. */
  const watchers = new Map<string, FSWatcher>();
  /** Folders of single files in `paths`, with those files' names. */
  const only = new Map<string, Set<string>>();

  /** Watches `folder`: every entry when `names` is not given (and its new subfolders when `recursive`). */
  const watchFolder = (folder: string, recursive: boolean, names?: ReadonlySet<string>) => {
    if (watchers.has(folder) || closed) return;
    let watcher: FSWatcher;
    try {
      watcher = watch(folder, (_event, name) => {
        if (!name) return;
        if (names && !names.has(String(name))) return;
        const path = join(folder, String(name));
        // lstat: a link to a folder is not followed (it may lead out of the project, or to the whole disk).
        if (recursive && lstatSync(path, { throwIfNoEntry: false })?.isDirectory()) {
          if (isIgnoredChange(path)) return;
          watchTree(path);
        }
        changed(path);
      });
    } catch {
      return; // removed meanwhile
    }
    // A removed folder ends its watch (an error on some platforms).
    watcher.on("error", () => {
      watcher.close();
      watchers.delete(folder);
    });
    watchers.set(folder, watcher);
  };
  const watchTree = (folder: string) => {
    watchFolder(folder, true);
    for (const entry of readdirSync(folder, { withFileTypes: true }))
      if (entry.isDirectory() && !isIgnoredChange(entry.name)) watchTree(join(folder, entry.name));
  };

  for (const path of options.paths) {
    if (!existsSync(path)) continue;
    if (statSync(path).isDirectory()) watchTree(path);
    else {
      const names = only.get(dirname(path)) ?? new Set<string>();
      names.add(basename(path));
      only.set(dirname(path), names);
    }
  }
  for (const [folder, names] of only) watchFolder(folder, false, names);

  return {
    async idle() {
      while (running || timer) {
        await (running ?? new Promise((resolve) => setTimeout(resolve, debounceMs)));
      }
    },
    close() {
      closed = true;
      clearTimeout(timer);
      for (const watcher of watchers.values()) watcher.close();
    },
  };
}

/** `lambdas/hello/index.ts` for a file under `root`, for messages. */
export function shortPath(root: string, file: string): string {
  const path = relative(root, file);
  return path.startsWith("..") ? file : path;
}
