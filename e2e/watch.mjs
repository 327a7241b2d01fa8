// What must fail an e2e test, collected while it runs: console errors, uncaught page errors,
// failed or >= 400 requests, and any request that leaves the page's own origin (iframes
// included: Playwright reports their console too). `local` lists the URL schemes that never
// touch the network and so are not foreign.
//
//   const { problems, requests } = watch(page, baseURL);
//   ...
//   expect(problems, problems.join('\n')).toEqual([]);
export function watch(page, baseURL, { local = ['data:', 'blob:'] } = {}) {
  const origin = new URL(baseURL).origin;
  const problems = [];
  const requests = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console.error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('request', (req) => {
    const url = new URL(req.url());
    requests.push(req.url());
    if (local.includes(url.protocol)) return;
    if (url.origin !== origin) problems.push(`foreign request: ${req.url()}`);
  });
  page.on('requestfailed', (req) =>
    problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`),
  );
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  return { problems, requests };
}
