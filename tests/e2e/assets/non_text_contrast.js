// Non-text contrast (WCAG 1.4.11), evaluated in the page by tests/e2e/conftest.py: the WCAG contrast ratio of colours
// as getComputedStyle gives them, what lies behind an element (its ancestors' backgrounds composited over white),
// then every visible form control's edge and every focusable element's focus ring measured against it.
(() => {
  const parse = (value) => {
    const m = value.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const parts = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return {r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1};
  };
  const over = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a), g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a), a: 1,
  });
  const luminance = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const ratio = (a, b) => {
    const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const behind = (element) => {
    const layers = [];
    for (let node = element; node && node.nodeType === 1; node = node.parentElement) {
      const style = getComputedStyle(node);
      // A gradient is taken at its first colour (the hero's navy), which is where its focus rings are measured.
      const gradient = style.backgroundImage.includes("gradient") ? parse(style.backgroundImage) : null;
      const colour = gradient || parse(style.backgroundColor);
      if (colour && colour.a > 0) { layers.push(colour); if (colour.a >= 1) break; }
    }
    return layers.reverse().reduce((below, layer) => over(layer, below), {r: 255, g: 255, b: 255, a: 1});
  };
  const visible = (el) => {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return box.width > 2 && box.height > 2 && style.visibility !== "hidden" && el.closest("[hidden], .d-none") === null
      && el.closest(".visually-hidden, .visually-hidden-focusable") === null && el.offsetParent !== null;
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (el.name ? "[name=" + el.name + "]" : "")
    + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).slice(0, 2).join(".")
      : "");
  const failures = [];
  const controls = document.querySelectorAll(
    "input:not([type=hidden]):not([type=submit]):not([type=button]), select, textarea"
  );
  for (const el of controls) {
    if (!visible(el)) continue;
    const style = getComputedStyle(el);
    const outside = behind(el.parentElement);
    const edge = parseFloat(style.borderTopWidth) > 0 ? parse(style.borderTopColor) : null;
    const fill = behind(el);
    const best = Math.max(edge ? ratio(over(edge, outside), outside) : 1, ratio(fill, outside));
    if (best < 3) failures.push(`${name(el)}: edge ${best.toFixed(2)}:1 against its background (needs 3:1)`);
  }
  const focusable = [...document.querySelectorAll(
    "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex='-1'])"
  )].filter((el) => !el.disabled && visible(el)).slice(0, 80);
  const before = window.btbFocusBefore;
  for (const el of focusable) {
    el.focus({preventScroll: true});
    if (document.activeElement !== el) continue;
    const style = getComputedStyle(el);
    const width = style.outlineStyle === "none" ? 0 : parseFloat(style.outlineWidth);
    if (width < 2) {
      failures.push(`${name(el)}: no focus ring (outline ${style.outlineStyle} ${style.outlineWidth})`);
      continue;
    }
    const ring = parse(style.outlineColor);
    const against = parseFloat(style.outlineOffset) < 0 ? behind(el) : behind(el.parentElement);
    const contrast = ratio(over(ring, against), against);
    if (contrast < 3) {
      failures.push(`${name(el)}: focus ring ${contrast.toFixed(2)}:1 against its background (needs 3:1)`);
    }
  }
  if (before && before !== document.body) before.focus({preventScroll: true});
  else document.activeElement.blur();
  return failures;
})
