/** Placeholder entry of `deno task bench`; the benchmarks are added in bench/. */
console.log("no benchmarks yet");
