/**
 * Redaction runs in linear time. A property over hostile inputs: 4x the input costs at most about
 * 5x the time (quadratic work would cost 16x). Timing on a shared 2-core machine is noisy, so the
 * test measures CPU time, runs each size many times, compares medians, retries before a run counts
 * as a failure, and allows generous noise (8x) while still catching anything quadratic.
 */
import { describe, expect, it } from "vitest";
import { decode } from "./decode";
import { redactText, redactValue } from "./redact";

const jwtHead = "eyJhbGciOiJIUzI1NiJ9";

/** Inputs built to make a backtracking pattern go quadratic, and ordinary ones. */
const hostile: ReadonlyArray<readonly [string, (chars: number) => string]> = [
  ["repeated eyJ- (the reported case)", (n) => "eyJ-".repeat(n / 4)],
  ["JWT-like segments without a payload", (n) => `${jwtHead}.`.repeat(n / (jwtHead.length + 1))],
  ["one long word", (n) => "x".repeat(n)],
  ["word:word:...", (n) => "ab:".repeat(n / 3)],
  ['unclosed "password":" runs', (n) => '"password":"'.repeat(n / 12)],
  ["password= runs", (n) => "password=".repeat(n / 9)],
  ["bearer words", (n) => "bearer ".repeat(n / 7)],
  ["URL schemes without user info", (n) => "https://".repeat(n / 8)],
  ["secret keys opening objects", (n) => '"token":{'.repeat(n / 9)],
  ["JSON escapes", (n) => "\\npassword".repeat(n / 10)],
  ["prefixes of key shapes", (n) => "sk_live".repeat(n / 7)],
  ["AKIA runs", (n) => "AKIA".repeat(n / 4)],
  ["character references", (n) => "&quot;".repeat(n / 6)],
  ["an unclosed &quot; value", (n) => `token&#61;&quot;${"a".repeat(n - 16)}`],
  ["password&quot; runs", (n) => "password&quot;".repeat(n / 14)],
  ["&quot;key&quot;: runs", (n) => "&quot;token&quot;:".repeat(n / 18)],
  ["percent-escapes", (n) => "%3D".repeat(n / 3)],
  ["unclosed structures inside JSON strings", (n) => '"m":"token={",'.repeat(n / 14)],
  ["%22key%22%3A%22 runs", (n) => "%22token%22%3A%22".repeat(n / 18)],
  // A colon value that runs to the end and turns out to be prose, once per key (was quadratic).
  ["+token:ab+c runs", (n) => "+token:ab+c".repeat(n / 11)],
  ["%20token%3Aab%20c runs", (n) => "%20token%3Aab%20c".repeat(n / 17)],
  ["encoded schemes without user info", (n) => `%3A%2F%2F${"a".repeat(60)}`.repeat(n / 69)],
  ["Authorization: lines", (n) => "Authorization: x\n".repeat(n / 18)],
  ["XML elements named like secrets", (n) => "<Password>".repeat(n / 10)],
  ["user info without an @", (n) => `://${"a".repeat(100)}`.repeat(n / 103)],
  ["echoed values never closed", (n) => '"password" with value "ab'.repeat(n / 26)],
  ["key words (XML branch of the hint)", (n) => "key ".repeat(n / 4)],
  ["token words", (n) => "token ".repeat(n / 6)],
  ["SQL keys never closed", (n) => "(token)=(ab ".repeat(n / 12)],
  ["echoed values in brackets never closed", (n) => "'token': rejected value [ab ".repeat(n / 28)],
  // The phrases, command lines, tables, escaped XML and SQL of the later patterns.
  ["Azure signature phrases never closed", (n) => "signature found in the HTTP request 'ab".repeat(n / 39)],
  ["duplicate entries never closed", (n) => "Duplicate entry 'ab ".repeat(n / 20)],
  ["duplicate entries of secret keys", (n) => "Duplicate entry 'a' for key 'api_key' ".repeat(n / 39)],
  ["a long duplicate entry", (n) => `Duplicate entry '${"a'".repeat(n / 2)}`],
  ["print_r lines", (n) => "[password] => ".repeat(n / 14)],
  ["var_dump types", (n) => '["api_key"]=> string(9) '.repeat(n / 24)],
  ["Go DSN addresses", (n) => "a:b@tcp(".repeat(n / 8)],
  ["a long DSN user info", (n) => `${"a:".repeat(n / 2)}@tcp(`],
  ["curl -u runs", (n) => "-u a:".repeat(n / 5)],
  ["--token flags", (n) => "--token ".repeat(n / 8)],
  ["mysql command lines", (n) => "mysql -p".repeat(n / 8)],
  ["secret names in table cells", (n) => "<td>password</td><td>".repeat(n / 21)],
  ["an unclosed secret cell", (n) => `<td>DB_PASSWORD</td><td>${"a".repeat(n - 24)}`],
  ["escaped XML elements", (n) => "&lt;password&gt;".repeat(n / 16)],
  ["CDATA sections never closed", (n) => "<password><![CDATA[".repeat(n / 19)],
  ["Laravel SQL never closed", (n) => "SQL: insert into t (password) values (".repeat(n / 38)],
  ["Laravel SQL with many values", (n) => `SQL: insert into t (password) values (${"a, ".repeat(n / 3)}))`],
  ["hash prefixes", (n) => "$2y$10$".repeat(n / 7)],
  ["Atlassian prefixes", (n) => "ATATT3".repeat(n / 6)],
  ["Digest responses", (n) => 'Digest a=b response="ab" '.repeat(n / 26)],
  ["lower-case env keys", (n) => "\nstripe_key=".repeat(n / 13)],
  ["XML values named", (n) => '<a name="password" value="'.repeat(n / 27)],
  // Short parameter names, and values after a secret's name and white space.
  ["?pass= runs", (n) => "?pass=".repeat(n / 6)],
  ["&pw=a runs", (n) => "&pw=a".repeat(n / 5)],
  ["short names without a separator", (n) => "pin sid otp pw ".repeat(n / 15)],
  ["code_verifier= runs", (n) => "&code_verifier=".repeat(n / 15)],
  ["escaped short names", (n) => "\\u0026pin=".repeat(n / 11)],
  ["quoted values never closed", (n) => "password 'ab ".repeat(n / 13)],
  ["escaped quoted values never closed", (n) => 'token \\"ab '.repeat(n / 11)],
  ["a long quoted value", (n) => `password '${"a".repeat(n - 10)}`],
  ["names before long runs without a digit", (n) => `API key ${"a".repeat(60)} `.repeat(n / 69)],
  ["a name before one long run without a digit", (n) => `refresh_token ${"ab".repeat(n / 2)}`],
  ["a name before a long run of dots", (n) => `secret ${".".repeat(n - 7)}`],
  // After a secret, so the scanner runs: a dotted run is one name, not one per segment.
  ["a secret, then a dotted run", (n) => `password=x ${".a".repeat((n - 11) / 2)}`],
  ["a secret, then a run of dotted words", (n) => `token=x ${"abc.".repeat((n - 8) / 4)}`],
  // Names holding a key shape: the scan goes back into each name once.
  ["names holding key shapes", (n) => "x.sk_live_abcd=1 ".repeat(n / 17)],
  ["names holding glued key shapes", (n) => `password=x ${"xsk_live_abcd=1 ".repeat((n - 11) / 16)}`],
  ["tokens after names", (n) => "secret a1b2c3d4e5f6a7b8 ".repeat(n / 25)],
  ["header value runs", (n) => "x-api-key header value ".repeat(n / 23)],
  ["mismatch runs", (n) => "client_secret mismatch: got ".repeat(n / 28)],
  // After a secret, so the scanner runs: every word is a name whose value is then looked at.
  ["words before quotes", (n) => `password=x ${"the 'a' ".repeat(n / 8)}`],
  ["words before long runs", (n) => `password=x ${`word ${"a1".repeat(20)} `.repeat(n / 46)}`],
  ["escaped words before quotes", (n) => `password=x ${"\\nthe \\'a ".repeat(n / 12)}`],
  [
    "a JSON document",
    (n) => JSON.stringify(Array.from({ length: n / 40 }, (_, i) => ({ k: `value ${i}`, n: i }))),
  ],
];

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

/**
 * CPU milliseconds per call of `redactText(text)` over `reps` calls. CPU time, not wall time: on a
 * loaded machine a long run is preempted more often than a short one, which inflates wall-clock
 * ratios without any extra work being done.
 */
const cpuPerCall = (text: string, reps: number): number => {
  const start = process.cpuUsage();
  for (let i = 0; i < reps; i++) redactText(text);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000 / reps;
};

/** Median CPU time of 4n over median CPU time of n (the small input runs 4x as often). */
const ratio = (make: (chars: number) => string, n: number): number => {
  const small = make(n);
  const large = make(4 * n);
  cpuPerCall(small, 8);
  cpuPerCall(large, 2);
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < 7; i++) {
    a.push(cpuPerCall(small, 8));
    b.push(cpuPerCall(large, 2));
  }
  return median(b) / Math.max(median(a), 0.01);
};

const figures: Record<string, { ratio: number; mibMs: number; mibCpuMs: number }> = {};

describe("redaction runs in linear time", () => {
  it.each(hostile)(
    "%s: 4x the input costs at most about 5x the time",
    (name, make) => {
      let best = Number.POSITIVE_INFINITY;
      // Up to three attempts: a busy neighbour can stall one measurement, not three in a row.
      for (let attempt = 0; attempt < 3 && best > 5; attempt++) best = Math.min(best, ratio(make, 64 * 1024));
      figures[name] = { ratio: best, mibMs: 0, mibCpuMs: 0 };
      expect(best).toBeLessThan(8);
    },
    60_000,
  );

  it.each(hostile)(
    "%s: 1 MiB takes well under a second",
    (name, make) => {
      const text = make(1024 * 1024);
      let wall = Number.POSITIVE_INFINITY;
      let cpu = Number.POSITIVE_INFINITY;
      for (let attempt = 0; attempt < 3 && wall > 250; attempt++) {
        const start = performance.now();
        cpu = Math.min(cpu, cpuPerCall(text, 1));
        wall = Math.min(wall, performance.now() - start);
      }
      figures[name] = { ratio: figures[name]?.ratio ?? 0, mibMs: wall, mibCpuMs: cpu };
      expect(cpu).toBeLessThan(500);
      expect(wall).toBeLessThan(1000);
    },
    30_000,
  );

  it("decodes the reported 64 KB body quickly", () => {
    const body = JSON.stringify({
      error: { code: "BAD", message: "x", details: { note: "eyJ-".repeat(16_000) } },
    });
    const start = performance.now();
    const err = decode({ status: 400, body });
    const elapsed = performance.now() - start;
    expect(err.code).toBe("BAD");
    expect(elapsed).toBeLessThan(250);
  });

  it("bounds the structured walk on a 1 MiB string in details", () => {
    const start = performance.now();
    const out = redactValue({ details: { note: "eyJ-".repeat(256 * 1024) } }) as {
      details: { note: string };
    };
    expect(out.details.note.length).toBeLessThanOrEqual(16 * 1024 + 1);
    expect(performance.now() - start).toBeLessThan(250);
  });

  it("prints the figures", () => {
    const rows = Object.entries(figures).map(
      ([name, f]) =>
        `${name.padEnd(40)} 4x ratio ${f.ratio.toFixed(2).padStart(5)}   1 MiB ${f.mibCpuMs.toFixed(1).padStart(6)} ms CPU, ${f.mibMs.toFixed(1).padStart(6)} ms wall`,
    );
    console.log(
      `redaction timing (CPU-time medians of 7 samples, best of up to 3 attempts)\n${rows.join("\n")}`,
    );
    expect(rows.length).toBe(hostile.length);
  });
});
