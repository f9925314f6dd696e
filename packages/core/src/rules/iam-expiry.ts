import { isRecord } from "../util/read.js";

/**
 * When does a permissions boundary make a principal's credentials stop working?
 *
 * A permissions boundary caps what an IAM user can do: a request is allowed only if the boundary
 * allows it and nothing denies it. So the boundary stops *every* action after a date when either
 *
 * - a `Deny` statement covers every action (`Action: "*"`, no `NotAction`) on every resource
 *   (`Resource: "*"`, no `NotResource`) under one condition only: `DateGreaterThan` or
 *   `DateGreaterThanEquals` on `aws:CurrentTime` (the `IfExists` variant too: it only widens a
 *   Deny). Any further condition key or operator could leave requests undenied. Several values
 *   are ORed, so the earliest one starts the deny; or
 * - every `Allow` statement carries `DateLessThan`/`DateLessThanEquals` on `aws:CurrentTime`
 *   (other condition keys only narrow an Allow). Each statement allows until its latest value;
 *   the boundary allows until the latest of them. The `IfExists` variant is not accepted: it
 *   would allow when the key is absent.
 *
 * Condition key names are case-insensitive (`AWS:CurrentTime` is `aws:CurrentTime`); so are
 * operator names here. Dates are ISO 8601 (a time without a zone is UTC) or epoch seconds.
 * Set operators (`ForAnyValue:`/`ForAllValues:`), unreadable dates, unknown effects and
 * malformed statements make the analysis say it cannot prove an expiry, with the reason.
 * The earlier of the two ways wins. A boundary with no Allow statement, or an unconditional
 * Deny of everything, allows nothing at all.
 */

type ExpiryAnalysis =
  /** Every action stops at `expiry` (or right after it, for the strict operators). */
  | { kind: "expires"; expiry: Date; via: "deny" | "allow"; statement: string }
  /** The boundary allows nothing, whatever the time. */
  | { kind: "allowsNothing"; reason: string }
  /** No expiry can be proven; the reasons say why (first the most useful). */
  | { kind: "none"; reasons: string[] };

const CURRENT_TIME = "aws:currenttime";
const ALL_ACTIONS = new Set(["*", "*:*"]);

/** Parse an IAM date condition value: ISO 8601 (UTC when no zone is given) or epoch seconds. */
function parseIamDate(value: unknown): Date | undefined {
  if (typeof value === "number") {
    return Number.isSafeInteger(value) && value >= 0 ? new Date(value * 1000) : undefined;
  }
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  if (/^\d{1,12}$/.test(text)) return new Date(Number(text) * 1000);
  const match =
    /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}:?\d{2})?)?$/i.exec(text);
  if (!match) return undefined;
  const [, day = "", time, zone] = match;
  // Reject calendar overflow such as 2026-02-31, which Date would silently roll over.
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const calendar = new Date(Date.UTC(y, m - 1, d));
  if (calendar.getUTCFullYear() !== y || calendar.getUTCMonth() !== m - 1 || calendar.getUTCDate() !== d)
    return undefined;
  const offset = zone ? zone.replace(/^([+-]\d{2})(\d{2})$/, "$1:$2") : "Z";
  const iso = time ? `${day}T${time}${offset}` : `${day}T00:00:00Z`;
  const date = new Date(iso.replace(/(\.\d{3})\d+/, "$1"));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function asList(value: unknown): unknown[] | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value : [value];
}

function covers(value: unknown, all: (item: string) => boolean): boolean {
  const items = asList(value);
  return items?.some((item) => typeof item === "string" && all(item)) ?? false;
}

function label(statement: Record<string, unknown>, index: number): string {
  return typeof statement.Sid === "string" && statement.Sid !== "" ? statement.Sid : `#${index + 1}`;
}

type DateBound = { ok: true; date: Date } | { ok: false; reason: string };

/**
 * The dates of one `aws:CurrentTime` entry; `pick` chooses among ORed values (min for a Deny's
 * start, max for an Allow's end).
 */
function dateBound(values: unknown, where: string, pick: (dates: Date[]) => Date): DateBound {
  const items = asList(values) ?? [];
  if (items.length === 0) return { ok: false, reason: `${where} has no date` };
  const dates: Date[] = [];
  for (const item of items) {
    const date = parseIamDate(item);
    if (!date) return { ok: false, reason: `${where} has an unreadable date ${JSON.stringify(item)}` };
    dates.push(date);
  }
  return { ok: true, date: pick(dates) };
}

const earliest = (dates: Date[]) => new Date(dates.reduce((t, d) => Math.min(t, d.getTime()), Infinity));
const latest = (dates: Date[]) => new Date(dates.reduce((t, d) => Math.max(t, d.getTime()), -Infinity));

/** A Deny statement: the date from which it denies every action, or why it does not. */
function denyAllFrom(s: Record<string, unknown>, name: string): DateBound | "always" {
  if (s.NotAction !== undefined)
    return { ok: false, reason: `Deny ${name} uses NotAction, so some actions stay allowed` };
  if (!covers(s.Action, (a) => ALL_ACTIONS.has(a)))
    return { ok: false, reason: `Deny ${name} does not deny every action (Action is not "*")` };
  if (s.NotResource !== undefined)
    return { ok: false, reason: `Deny ${name} uses NotResource, so some resources stay allowed` };
  if (!covers(s.Resource, (r) => r === "*"))
    return { ok: false, reason: `Deny ${name} does not cover every resource (Resource is not "*")` };
  if (s.Principal !== undefined || s.NotPrincipal !== undefined)
    return { ok: false, reason: `Deny ${name} names a principal, which a boundary cannot` };
  if (s.Condition === undefined) return "always";
  if (!isRecord(s.Condition)) return { ok: false, reason: `Deny ${name} has a malformed Condition` };
  const operators = Object.entries(s.Condition);
  const [entry] = operators;
  if (operators.length !== 1 || !entry)
    return {
      ok: false,
      reason: `Deny ${name} has ${operators.length === 0 ? "an empty Condition" : "conditions besides the date, so it may not apply"}`,
    };
  const [operator, keys] = entry;
  if (!/^dategreaterthan(equals)?(ifexists)?$/i.test(operator))
    return { ok: false, reason: `Deny ${name} uses ${operator}, not DateGreaterThan on aws:CurrentTime` };
  if (!isRecord(keys)) return { ok: false, reason: `Deny ${name} has a malformed ${operator} block` };
  const names = Object.keys(keys);
  if (names.length !== 1 || names[0]?.toLowerCase() !== CURRENT_TIME)
    return {
      ok: false,
      reason: `Deny ${name} ${operator} ${names.length === 1 ? `is on ${names[0]}, not aws:CurrentTime` : "has keys besides aws:CurrentTime, so it may not apply"}`,
    };
  return dateBound(Object.values(keys)[0], `Deny ${name}`, earliest);
}

/** An Allow statement: the date until which it allows, or why it is not bounded. */
function allowUntil(s: Record<string, unknown>, name: string): DateBound {
  const unbounded = { ok: false as const, reason: `Allow ${name} has no DateLessThan on aws:CurrentTime` };
  if (s.Condition === undefined) return unbounded;
  if (!isRecord(s.Condition)) return { ok: false, reason: `Allow ${name} has a malformed Condition` };
  const bounds: Date[] = [];
  for (const [operator, keys] of Object.entries(s.Condition)) {
    if (!isRecord(keys)) return { ok: false, reason: `Allow ${name} has a malformed ${operator} block` };
    for (const [key, values] of Object.entries(keys)) {
      if (key.toLowerCase() !== CURRENT_TIME) continue;
      if (/^datelessthan(equals)?ifexists$/i.test(operator))
        return { ok: false, reason: `Allow ${name} uses ${operator}, which allows when the key is absent` };
      if (/^for(any|all)values?:/i.test(operator))
        return {
          ok: false,
          reason: `Allow ${name} uses the set operator ${operator} on a single-valued key`,
        };
      if (!/^datelessthan(equals)?$/i.test(operator)) continue;
      const bound = dateBound(values, `Allow ${name}`, latest);
      if (!bound.ok) return bound;
      bounds.push(bound.date);
    }
  }
  // Several date operators in one statement are ANDed: the earliest end applies.
  return bounds.length ? { ok: true, date: earliest(bounds) } : unbounded;
}

/** Analyse a permissions boundary's policy document (parsed JSON). */
function analyzeExpiry(document: unknown): ExpiryAnalysis {
  if (!isRecord(document)) return { kind: "none", reasons: ["the boundary document is not a JSON object"] };
  const raw = asList(document.Statement);
  if (!raw || raw.length === 0) return { kind: "allowsNothing", reason: "the boundary has no statements" };

  const reasons: string[] = [];
  let deny: { date: Date; statement: string } | undefined;
  let allow: { date: Date; statement: string } | undefined;
  let allowCount = 0;
  let allowProvable = true;
  const allowReasons: string[] = [];

  for (const [index, value] of raw.entries()) {
    if (!isRecord(value)) {
      allowProvable = false;
      allowReasons.push(`statement #${index + 1} is not an object`);
      continue;
    }
    const name = label(value, index);
    if (value.Effect === "Deny") {
      const from = denyAllFrom(value, name);
      if (from === "always")
        return { kind: "allowsNothing", reason: `Deny ${name} denies every action unconditionally` };
      if (from.ok) {
        if (!deny || from.date < deny.date) deny = { date: from.date, statement: name };
      } else reasons.push(from.reason);
    } else if (value.Effect === "Allow") {
      allowCount++;
      const until = allowUntil(value, name);
      if (until.ok) {
        if (!allow || until.date > allow.date) allow = { date: until.date, statement: name };
      } else {
        allowProvable = false;
        allowReasons.push(until.reason);
      }
    } else {
      allowProvable = false;
      allowReasons.push(
        `statement ${name} has Effect ${JSON.stringify(value.Effect)}, neither Allow nor Deny`,
      );
    }
  }

  if (allowCount === 0 && allowProvable)
    return deny
      ? { kind: "expires", expiry: deny.date, via: "deny", statement: deny.statement }
      : { kind: "allowsNothing", reason: "the boundary has no Allow statement" };
  const allowExpiry = allowProvable && allow ? allow : undefined;
  if (deny && (!allowExpiry || deny.date <= allowExpiry.date))
    return { kind: "expires", expiry: deny.date, via: "deny", statement: deny.statement };
  if (allowExpiry)
    return { kind: "expires", expiry: allowExpiry.date, via: "allow", statement: allowExpiry.statement };
  return {
    kind: "none",
    // A Deny that nearly works says more than "Allow has no date condition".
    reasons: [...reasons, ...allowReasons].length
      ? [...reasons, ...allowReasons]
      : ["no statement limits the boundary by aws:CurrentTime"],
  };
}

export type { ExpiryAnalysis };
export { analyzeExpiry, parseIamDate };
