import { withFaultline } from "@faultline/axios";
import { standardCatalog } from "@faultline/core";
import axios from "axios";
import { Suspense, useState } from "react";
import { type DemoProps, Pending, Success } from "../Demo";
import { retryProgress } from "../retryProgress";

const api = withFaultline(axios.create({ baseURL: "/api" }), {
  catalog: standardCatalog,
  idempotencyKey: true,
  hooks: { beforeRetry: retryProgress.report },
});

export function AxiosDemo({ call }: DemoProps) {
  const [response] = useState(() =>
    api
      .request({ method: call.method, url: call.path, data: call.body, params: call.query })
      .then((r) => r.data),
  );
  return (
    <Suspense fallback={<Pending call={call} />}>
      <Success response={response} />
    </Suspense>
  );
}
