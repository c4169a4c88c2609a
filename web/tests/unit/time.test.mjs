// src/time.ts: Brussels days and wall-clock times (across daylight-saving changes), and the
// civil-date arithmetic behind the calendar. The TypeScript file is compiled on the fly with
// Vite's own transformer (it has no imports).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { transformWithOxc } from 'vite';

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
let time;

before(async () => {
  const file = path.join(web, 'src', 'time.ts');
  const { code } = await transformWithOxc(readFileSync(file, 'utf8'), file, { lang: 'ts' });
  time = await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
});

test('an instant falls on its Brussels day', () => {
  // Winter (UTC+1): 23:30 UTC is already the next day in Brussels.
  assert.equal(time.dayInZone('2026-11-22T23:30:00Z'), '2026-11-23');
  assert.equal(time.dayInZone('2026-11-22T22:59:00Z'), '2026-11-22');
  // Summer (UTC+2).
  assert.equal(time.dayInZone('2026-07-14T22:00:00Z'), '2026-07-15');
  assert.equal(time.dayInZone('2026-07-14T21:59:59Z'), '2026-07-14');
  // Around the changes of 2026 (29 March, 25 October).
  assert.equal(time.localDateTimeInZone('2026-03-29T00:59:00Z'), '2026-03-29T01:59');
  assert.equal(time.localDateTimeInZone('2026-03-29T01:00:00Z'), '2026-03-29T03:00');
  assert.equal(time.localDateTimeInZone('2026-10-25T00:30:00Z'), '2026-10-25T02:30');
  assert.equal(time.localDateTimeInZone('2026-10-25T01:30:00Z'), '2026-10-25T02:30');
  assert.equal(time.localDateTimeInZone('2026-11-23T08:00:00Z'), '2026-11-23T09:00');
  assert.equal(time.localDateTimeInZone('2026-11-23T00:05:00Z'), '2026-11-23T01:05');
  assert.equal(time.dayInZone('not a date'), null);
  // Another zone on request.
  assert.equal(time.dayInZone('2026-11-22T23:30:00Z', 'UTC'), '2026-11-22');
});

test('civil dates: validation and arithmetic do not drift with daylight saving', () => {
  assert.equal(time.isYmd('2026-02-29'), false);
  assert.equal(time.isYmd('2028-02-29'), true);
  assert.equal(time.isYmd('2026-13-01'), false);
  assert.equal(time.isYmd('26-01-01'), false);
  assert.equal(time.isYmd(null), false);
  assert.equal(time.addDays('2026-03-28', 1), '2026-03-29');
  assert.equal(time.addDays('2026-03-29', 1), '2026-03-30');
  assert.equal(time.addDays('2026-10-25', 1), '2026-10-26');
  assert.equal(time.addDays('2026-12-31', 1), '2027-01-01');
  assert.equal(time.addDays('2026-03-01', -1), '2026-02-28');
  assert.equal(time.addMonths('2026-01-31', 1), '2026-02-01');
  assert.equal(time.addMonths('2026-12-15', 1), '2027-01-01');
  assert.equal(time.addMonths('2026-01-15', -1), '2025-12-01');
});

test('weeks start on Monday; a month is covered by whole weeks', () => {
  assert.equal(time.weekdayIndex('2026-11-23'), 0); // Monday
  assert.equal(time.weekdayIndex('2026-11-22'), 6); // Sunday
  assert.equal(time.startOfWeek('2026-11-22'), '2026-11-16');
  assert.deepEqual(time.weekOf('2026-03-29'), ['2026-03-23', '2026-03-24', '2026-03-25', '2026-03-26', '2026-03-27', '2026-03-28', '2026-03-29']);
  const nov = time.monthWeeks('2026-11-10');
  assert.equal(nov[0][0], '2026-10-26');
  assert.equal(nov.at(-1).at(-1), '2026-12-06');
  assert.equal(nov.length, 6);
  for (const w of nov) assert.equal(w.length, 7);
  const feb = time.monthWeeks('2027-02-01'); // starts on a Monday, 28 days
  assert.equal(feb.length, 4);
  assert.equal(feb[0][0], '2027-02-01');
});

test('a Brussels wall-clock time becomes its instant (reschedule after a crisis)', () => {
  assert.equal(time.zonedLocalToIso('2026-11-23T09:30'), '2026-11-23T08:30:00.000Z');
  assert.equal(time.zonedLocalToIso('2026-07-15T00:00'), '2026-07-14T22:00:00.000Z');
  // 29 March 2026: 02:30 does not exist in Brussels.
  assert.equal(time.zonedLocalToIso('2026-03-29T02:30'), null);
  assert.equal(time.zonedLocalToIso('2026-03-29T03:00'), '2026-03-29T01:00:00.000Z');
  // 25 October 2026: 02:30 happens twice; the first one is taken.
  assert.equal(time.zonedLocalToIso('2026-10-25T02:30'), '2026-10-25T00:30:00.000Z');
  assert.equal(time.zonedLocalToIso('2026-02-30T10:00'), null);
  assert.equal(time.zonedLocalToIso('tomorrow'), null);
});
