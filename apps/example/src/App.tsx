/** The example's pages: home, one page per adapter listing every code, and `/try/<adapter>/<code>`. */
import { isRetryableStatus, type StandardCode, standardCatalog, tagForStatus } from "@faultline/core";
import { useLayoutEffect, useState } from "react";
import { type Adapter, adapterById, adapters } from "./adapterList";
import { demos } from "./demos";
import { ApiErrorBoundary, fallbacks } from "./fallbacks";
import { retryProgress } from "./retryProgress";
import { Link, useLocation } from "./router";
import { callFor, isStandardCode, wireFormatFor } from "./scenarios";

const retryable = (code: StandardCode) => {
  const spec = standardCatalog.get(code);
  return spec?.retryable ?? isRetryableStatus(spec?.status ?? 0);
};

function Home() {
  return (
    <>
      <p>
        A small API in the style of the seed error references (candidates, jobs, webhooks, a balance) fails on
        demand with every code of the standard catalog, each in the wire format of the document that defines
        it. Each page below calls it through one adapter and shows what a user of that adapter sees: the
        retries in progress, then the fallback chosen by code with the typed error.
      </p>
      <ul className="adapters">
        {adapters.map((adapter) => (
          <li key={adapter.id}>
            <Link href={`/try/${adapter.id}`}>
              <code>{adapter.packageName}</code>
            </Link>{" "}
            {adapter.summary}
          </li>
        ))}
        <li>
          <a href="/reference">Error reference</a>, generated from the catalog by <code>renderReference</code>
          .
        </li>
      </ul>
    </>
  );
}

function AdapterPage({ adapter }: { readonly adapter: Adapter }) {
  return (
    <>
      <h2>
        <code>{adapter.packageName}</code>
      </h2>
      <p>{adapter.summary} The whole adapter-specific code of these pages:</p>
      <pre className="source">{demos[adapter.id].source}</pre>
      <table className="codes">
        <thead>
          <tr>
            <th>Code</th>
            <th>Status</th>
            <th>Kind</th>
            <th>Meaning</th>
            <th>Format</th>
            <th>Retried</th>
          </tr>
        </thead>
        <tbody>
          {standardCatalog.list.map((code) => {
            const spec = standardCatalog.get(code);
            return (
              <tr key={code}>
                <td>
                  <Link href={`/try/${adapter.id}/${code}`}>
                    <code>{code}</code>
                  </Link>
                </td>
                <td>{spec?.status}</td>
                <td>{tagForStatus(spec?.status ?? 500)}</td>
                <td>{spec?.title}</td>
                <td>{wireFormatFor(code)}</td>
                <td>
                  {retryable(code) ? (
                    <>
                      yes (<Link href={`/try/${adapter.id}/${code}?times=2`}>fail twice, then succeed</Link>)
                    </>
                  ) : (
                    "no"
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}

function TryPage({
  adapter,
  code,
  times,
}: {
  adapter: Adapter;
  code: StandardCode;
  times: number | undefined;
}) {
  const spec = standardCatalog.get(code);
  const [call] = useState(() => callFor(code, { run: Math.random().toString(36).slice(2), times }));
  const { Demo } = demos[adapter.id];
  // The retry view starts empty on every page (its store outlives client-side navigation).
  useLayoutEffect(() => retryProgress.reset(), []);
  return (
    <>
      <p className="crumbs">
        <Link href={`/try/${adapter.id}`}>{adapter.packageName}</Link> / <code>{code}</code>
      </p>
      <h2>
        <code>{code}</code> {spec?.title}
      </h2>
      <p className="muted">
        HTTP {spec?.status} in wire format {wireFormatFor(code)} ·{" "}
        {times === undefined ? "fails on every attempt" : `fails ${times} times, then succeeds`} ·{" "}
        <a href={`/reference#${code}`}>reference</a>
      </p>
      <ApiErrorBoundary {...fallbacks}>
        <Demo call={call} />
      </ApiErrorBoundary>
    </>
  );
}

function NotFound({ what }: { readonly what: string }) {
  return (
    <p>
      {what} <Link href="/">Back to the start</Link>.
    </p>
  );
}

export function App() {
  const location = useLocation();
  const [, section, adapterId, code, ...rest] = location.pathname.split("/");
  let page = <Home />;
  if (section === "try" && rest.length === 0) {
    const adapter = adapterById(adapterId ?? "");
    if (adapter === undefined) page = <NotFound what={`No adapter named “${adapterId}”.`} />;
    else if (code === undefined || code === "") page = <AdapterPage adapter={adapter} />;
    else if (!isStandardCode(decodeURIComponent(code)))
      page = <NotFound what={`“${decodeURIComponent(code)}” is not a code of the standard catalog.`} />;
    else {
      const times = location.searchParams.has("times")
        ? Number(location.searchParams.get("times"))
        : undefined;
      const key = `${location.pathname}${location.search}`;
      page = (
        <TryPage key={key} adapter={adapter} code={decodeURIComponent(code) as StandardCode} times={times} />
      );
    }
  } else if (location.pathname !== "/") page = <NotFound what="No such page." />;
  return (
    <main>
      <header>
        <h1>
          <Link href="/">Faultline example</Link>
        </h1>
        <nav>
          {adapters.map((adapter) => (
            <Link key={adapter.id} href={`/try/${adapter.id}`}>
              {adapter.label}
            </Link>
          ))}
          <a href="/reference">reference</a>
        </nav>
      </header>
      {page}
    </main>
  );
}
