import type { Parser } from "./parsers";

/** How one setting is read, parsed and documented. */
interface SettingBase<T> {
  /** Environment variable that sets it. */
  readonly env: string;
  /** cdktf context key that sets it. */
  readonly context: string;
  readonly parse: Parser<T>;
  /** One line for the README. */
  readonly doc: string;
}

/** A setting with a fixed default. */
export interface FixedDefaultSetting<T> extends SettingBase<T> {
  /** The value when the user sets none (or sets an invalid one, while the other problems are collected). */
  readonly default: T;
  /** How the README shows the default. @default - the default value */
  readonly defaultDoc?: string;
}

/**
 * A setting whose default depends on other settings. The default is computed after every setting is parsed,
 * from the settings with fixed defaults only (the section's `derivedDefaults`), so no declaration order
 * matters.
 */
export interface DerivedDefaultSetting<T> extends SettingBase<T> {
  readonly derived: true;
  /** How the README shows the default. */
  readonly defaultDoc: string;
}

export type SettingSpec<T> = FixedDefaultSetting<T> | DerivedDefaultSetting<T>;

export function setting<T>(spec: FixedDefaultSetting<T>): FixedDefaultSetting<T> {
  return spec;
}

export function derivedSetting<T>(spec: Omit<DerivedDefaultSetting<T>, "derived">): DerivedDefaultSetting<T> {
  return { ...spec, derived: true };
}

/** The value type of a spec. */
export type SpecValue<S> = S extends SettingSpec<infer T> ? T : never;

/** The values of a table of specs. */
export type SpecValues<Specs> = { readonly [K in keyof Specs]: SpecValue<Specs[K]> };

/** The keys of a table of specs whose default is derived. */
export type DerivedKeys<Specs> = {
  [K in keyof Specs]: Specs[K] extends DerivedDefaultSetting<unknown> ? K : never;
}[keyof Specs];
