// `pnpm demo`: for every code of the standard catalog, render it in each seed wire format (as the
// seed documents show them) and decode it back, printing what a client sees. Exits non-zero if any
// code does not come back as itself.
import { decode, encode, standardCatalog, wireFormats } from "@faultline/core";

const pad = (s, n) => String(s).padEnd(n);
const header = `${pad("code", 27)}${pad("status", 7)}${wireFormats.map((f) => pad(f, 24)).join("")}retry`;
console.log("Faultline: every standard code, decoded from each seed wire format\n");
console.log(header);
console.log("-".repeat(header.length));
let failures = 0;
for (const code of standardCatalog.list) {
  const spec = standardCatalog.get(code);
  const cells = [];
  let retry = "";
  for (const format of wireFormats) {
    const wire = encode(
      decode(
        { status: spec.status, body: { code, message: spec.description } },
        { catalog: standardCatalog },
      ),
      { format, catalog: standardCatalog },
    );
    const err = decode(wire, { catalog: standardCatalog });
    const ok = err.code === code && err.status === spec.status;
    if (!ok) failures++;
    cells.push(pad(`${ok ? "ok" : "MISMATCH"} ${err._tag}`, 24));
    retry = err.retryable ? "yes" : "no";
  }
  console.log(`${pad(code, 27)}${pad(spec.status, 7)}${cells.join("")}${retry}`);
}

console.log("\nThe seeds' own examples, as a client receives them:\n");
const examples = [
  [
    "F1 (000)",
    { status: 422, body: '{"code":"UNPROCESSABLE_ENTITY","message":"Unsupported lang code","status":422}' },
  ],
  [
    "F2 (002)",
    {
      status: 402,
      body: '{"error":{"code":"INSUFFICIENT_BALANCE","message":"Insufficient balance","details":{"required":"100.00","available":"50.50"}}}',
    },
  ],
  [
    "F3 (003)",
    {
      status: 400,
      body: '{"error":{"code":"invalid_request","message":"Missing required field: activity_type","type":"validation_error","param":"activity_type","request_id":"req_abc123"}}',
    },
  ],
  [
    "F4 (004)",
    {
      status: 400,
      body: '{"success":false,"error":{"code":"VALIDATION_ERROR","message":"priority must be one of: low, normal, high, critical","field":"priority"},"meta":{"requestId":"req_abc123","timestamp":"2025-12-14T10:30:00Z"}}',
    },
  ],
  [
    "F5 (004)",
    {
      status: 429,
      headers: { "Retry-After": "42" },
      body: '{"code":"RATE_LIMITED","message":"Rate limit exceeded. Try again in 42 seconds.","retryAfter":42}',
    },
  ],
  [
    "HTML 502",
    {
      status: 502,
      headers: { "content-type": "text/html" },
      body: "<html><title>502 Bad Gateway</title></html>",
    },
  ],
];
for (const [name, res] of examples) {
  const e = decode(res, { catalog: standardCatalog });
  const fields = {
    code: e.code,
    message: e.message,
    field: e.field,
    requestId: e.requestId,
    details: e.details,
    retryAfterMs: e.retryAfterMs,
    retryable: e.retryable,
  };
  console.log(`${pad(name, 10)} ${pad(e._tag, 20)} ${JSON.stringify(fields)}`);
}
console.log(
  `\n${standardCatalog.list.length} codes x ${wireFormats.length} formats: ${failures === 0 ? "all decoded back to themselves" : `${failures} mismatches`}`,
);
process.exit(failures === 0 ? 0 : 1);
