import type { Parser } from "./parsers";

/** How one setting is read, parsed, defaulted and documented. */
export interface SettingSpec<T> {
  /** Environment variable that sets it. */
  readonly env: string;
  /** cdktf context key that sets it. */
  readonly context: string;
  readonly parse: Parser<T>;
  /** Default value, given the settings read before this one. */
  readonly fallback: (earlier: Readonly<Record<string, unknown>>) => T;
  /** One line for the README. */
  readonly doc: string;
  /** How the README shows a default that depends on other settings. @default - the default value */
  readonly defaultDoc?: string;
}

export function setting<T>(spec: SettingSpec<T>): SettingSpec<T> {
  return spec;
}
