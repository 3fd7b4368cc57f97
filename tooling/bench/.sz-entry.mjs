import { decode } from "@faultline/core";
console.log(decode({ status: 1, headers: {}, body: "" }));