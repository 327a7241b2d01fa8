import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';
const args = JSON.parse(readFileSync('/work/main/webdriver.json','utf8'))['goog:chromeOptions'].args.filter(a=>!a.startsWith('--headless'));
const [,, url, out, clicks] = process.argv;
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args });
const p = await b.newPage({ viewport: { width: 1280, height: 900 } });
p.on('console', m => { if (m.type()==='error') console.log('console.error', m.text()); });
await p.goto(url);
await p.waitForSelector('svg.topology');
for (const c of (clicks||'').split(';').filter(Boolean)) {
  const [kind, sel, val] = c.split('|');
  if (kind==='select') await p.locator(sel).selectOption(val);
  if (kind==='key') await p.keyboard.press(sel);
  if (kind==='click') await p.locator(sel).first().click();
  await p.waitForTimeout(300);
}
if (process.env.CLIP) await p.locator(process.env.CLIP).first().screenshot({ path: out }); else await p.screenshot({ path: out, fullPage: true });
await b.close();
