/**
 * The value axis of a chart: the range to show (always including zero, so bars start at the axis)
 * and round tick values covering it (1, 2, 2.5 or 5 times a power of ten, about five of them).
 * Pure arithmetic, shared by both kinds of chart in ./canvas.tsx and tested on its own.
 */

/** The smallest and largest value, widened to include zero; [0, 1] when there is nothing to show. */
export function valueDomain(values: readonly number[]): [number, number] {
  let lo = 0;
  let hi = 0;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo === hi ? [0, 1] : [lo, hi];
}

const STEPS = [1, 2, 2.5, 5, 10];

/** Round ticks from at or below lo to at or above hi; whole numbers when `integer` (counts). */
export function axisTicks([lo, hi]: readonly [number, number], integer = false, target = 5): number[] {
  const span = hi - lo;
  const raw = span / target;
  const power = 10 ** Math.floor(Math.log10(raw));
  let step = (STEPS.find((s) => s * power >= raw) ?? 10) * power;
  if (integer) step = Math.max(1, Math.ceil(step));
  const first = Math.floor(lo / step);
  const last = Math.ceil(hi / step);
  const ticks: number[] = [];
  // Multiply rather than add, and round to the step's own decimals (3 × 0.2 is 0.6000000000000001).
  const decimals = Math.max(0, 1 - Math.floor(Math.log10(step)));
  for (let i = first; i <= last; i++) ticks.push(Number((i * step).toFixed(decimals)));
  return ticks;
}
