"""Layout checks measured in the browser: text that overlaps other text, and content wider than the window.

``overlaps`` takes the line boxes of every visible text node (``Range.getClientRects``, so a wrapped link
counts line by line, and SVG chart text as drawn), cut to what the ancestors that scroll or clip show, and reports pairs of boxes of different text nodes that
intersect by more than ``TOLERANCE`` pixels both ways, and controls (buttons, fields) covering text; boxes under 2 px (visually hidden text) and the content
of folded ``<details>`` are skipped (``unfold`` opens them, to measure them too).
``overflow`` reports the page's scroll width beyond the window, and the elements whose box ends right of
the window without an ancestor that scrolls or clips sideways (a table in ``.table-scroll`` may be wider).
"""

from __future__ import annotations

TOLERANCE = 1.5

_OVERLAPS = """
const tolerance = arguments[0];
const boxes = [];
const clips = new Map();
function clipOf(el) {  // the part of the window that el's ancestors that scroll or clip leave visible
  if (!el || el === document.body) return {left: -1e9, right: 1e9, top: -1e9, bottom: 1e9};
  if (clips.has(el)) return clips.get(el);
  const outer = clipOf(el.parentElement);
  let clip = outer;
  if (getComputedStyle(el).overflow !== 'visible') {
    const r = el.getBoundingClientRect();
    clip = {left: Math.max(outer.left, r.left), right: Math.min(outer.right, r.right),
            top: Math.max(outer.top, r.top), bottom: Math.min(outer.bottom, r.bottom)};
  }
  clips.set(el, clip);
  return clip;
}
function tiny(el) {  // inside an element clipped to (nearly) nothing: text for screen readers only
  for (let p = el; p && p !== document.body; p = p.parentElement) {
    const r = p.getBoundingClientRect();
    if ((r.width < 2 || r.height < 2) && getComputedStyle(p).overflow !== 'visible') return true;
  }
  return false;
}
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
let id = 0;
while (walker.nextNode()) {
  const node = walker.currentNode;
  if (!node.textContent.trim()) continue;
  const el = node.parentElement;
  if (!el || el.closest('script, style, noscript, title, desc, [hidden], .visually-hidden, .CodeMirror-measure')) continue;
  const closed = el.closest('details:not([open])');
  if (closed && !el.closest('summary')) continue;  // a folded section's content is not shown
  if (el.checkVisibility && !el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
  if (tiny(el)) continue;
  const style = getComputedStyle(el);
  if (style.visibility === 'hidden' || style.display === 'none' || parseFloat(style.opacity) === 0) continue;
  const range = document.createRange();
  range.selectNodeContents(node);
  id += 1;
  const clip = clipOf(el);
  for (const r of range.getClientRects()) {
    // what shows of the line: inside every ancestor that scrolls or clips (an editor's long lines)
    const box = {left: Math.max(r.left, clip.left), right: Math.min(r.right, clip.right),
                 top: Math.max(r.top, clip.top), bottom: Math.min(r.bottom, clip.bottom)};
    if (box.right - box.left < 2 || box.bottom - box.top < 2) continue;
    boxes.push({id, el, text: node.textContent.trim().slice(0, 40), ...box});
  }
}
const found = [];
// controls (buttons, fields) must not cover text either: the run button of the editor on line 1
for (const control of document.querySelectorAll('button, select, input:not([type=hidden]), [role=button]')) {
  if (control.closest('details:not([open])') && !control.closest('summary')) continue;
  if (control.checkVisibility && !control.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
  const r = control.getBoundingClientRect();
  if (r.width < 2 || r.height < 2 || tiny(control)) continue;
  for (const b of boxes) {
    if (b.el && control.contains(b.el)) continue;
    const x = Math.min(r.right, b.right) - Math.max(r.left, b.left);
    const y = Math.min(r.bottom, b.bottom) - Math.max(r.top, b.top);
    if (x > tolerance && y > tolerance && found.length < 20) {
      found.push(`a <${control.tagName.toLowerCase()}> ("${(control.textContent || control.title || control.getAttribute('aria-label') || '').trim().slice(0, 30)}") covers "${b.text}" by ${x.toFixed(1)}x${y.toFixed(1)} px`);
    }
  }
}
for (let i = 0; i < boxes.length && found.length < 20; i++) {
  for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    if (a.id === b.id) continue;
    const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
    const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    if (x > tolerance && y > tolerance) {
      found.push(`"${a.text}" and "${b.text}" overlap by ${x.toFixed(1)}x${y.toFixed(1)} px`);
      if (found.length >= 20) break;
    }
  }
}
return found;
"""

_OVERFLOW = """
const width = document.documentElement.clientWidth;
const found = [];
if (document.documentElement.scrollWidth > width + 1) {
  found.push(`the page is ${document.documentElement.scrollWidth} px wide in a ${width} px window`);
}
function clipped(el) {
  for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
    const o = getComputedStyle(p).overflowX;
    if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return true;
  }
  return false;
}
for (const el of document.body.querySelectorAll('*')) {
  if (found.length >= 20) break;
  const r = el.getBoundingClientRect();
  if (r.width === 0 || r.right <= width + 1 || el.closest('.visually-hidden, [hidden]')) continue;
  const closed = el.closest('details:not([open])');
  if (closed && !el.closest('summary')) continue;
  if (!clipped(el)) found.push(`<${el.tagName.toLowerCase()} class="${el.className && el.className.baseVal === undefined ? el.className : ''}"> ends at ${Math.round(r.right)} px: "${(el.textContent || '').trim().slice(0, 40)}"`);
}
return found;
"""


def overlaps(driver) -> list[str]:
    """Pairs of visible text boxes on the current page that overlap (at most 20, as sentences)."""
    return driver.execute_script(_OVERLAPS, TOLERANCE)


def overflow(driver) -> list[str]:
    """What makes the current page wider than its window (at most 20, as sentences); [] when nothing does."""
    return driver.execute_script(_OVERFLOW)


def unfold(driver) -> None:
    """Open every ``<details>`` of the current page, so that the checks measure folded content too."""
    driver.execute_script("document.querySelectorAll('details').forEach(d => { d.open = true; });")
