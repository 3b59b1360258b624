// Takes the README's pictures of the dashboard (docs/screenshots/) from a running service holding the demo data:
//   scripts/run.sh seed-demo && scripts/run.sh &
//   T=$(scripts/run.sh token --user sanna.makinen@demo.example --role reader) \
//   PLAYWRIGHT_PACKAGE=tests/Kam.EventStore.Tests/bin/Release/net10.0/.playwright/package \
//     tests/Kam.EventStore.Tests/bin/Release/net10.0/.playwright/node/linux-x64/node scripts/dashboard-screenshots.js
// It uses the node and Playwright library shipped in the Microsoft.Playwright NuGet package, with Debian's chromium.
const { chromium } = require(process.env.PLAYWRIGHT_PACKAGE);
const out = name => (process.env.OUT || 'docs/screenshots') + `/dashboard-${name}.png`;
(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu','--disable-quic','--no-first-run','--disable-background-networking','--disable-component-update','--disable-sync'] });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('pageerror', e => console.log('pageerror:', e.message));
  page.on('console', m => { if (m.type() === 'error') console.log('console:', m.text()); });
  await page.goto('' + (process.env.BASE || 'http://127.0.0.1:5080') + '/dashboard/');
  await page.getByLabel('Bearer token').fill(process.env.T);
  await page.getByRole('button', { name: 'Use this token' }).click();
  await page.waitForSelector('table.portfolio tbody tr td.num');
  await page.waitForFunction(() => !document.body.innerText.includes('…'));
  await page.screenshot({ path: out('portfolio'), fullPage: true });
  // A dormant account: its history shows the contact fading.
  await page.locator('tr', { hasText: 'Dormant' }).first().getByRole('link').click();
  await page.waitForSelector('ol.timeline li');
  await page.waitForTimeout(800);
  await page.screenshot({ path: out('account'), fullPage: false });
  const slider = page.getByLabel('As recorded at');
  const box = await slider.boundingBox();
  await page.mouse.click(box.x + box.width * 0.45, box.y + box.height / 2);
  await page.waitForURL(/asOf=/);
  await page.waitForTimeout(1000);
  await page.screenshot({ path: out('account-as-of'), fullPage: false });
  console.log(page.url());
  await browser.close();
})();
