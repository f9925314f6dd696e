/**
 * The HTML report's inline style and script. The page loads nothing from anywhere: its
 * Content-Security-Policy allows no source but these inline blocks and inline images.
 */

const CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

const STYLE = `
:root { color-scheme: light; --fail: #b42318; --pass: #027a48; --na: #667085; --line: #eaecf0; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #101828; background: #f9fafb; }
header { background: #101828; color: #fff; padding: 16px 24px; }
header h1 { margin: 0 0 4px; font-size: 20px; }
header p { margin: 0; color: #d0d5dd; }
main { padding: 16px 24px; max-width: 1280px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; margin-bottom: 16px; }
h2 { font-size: 16px; margin: 0 0 8px; }
.cards { display: flex; flex-wrap: wrap; gap: 8px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; min-width: 120px; }
.card b { display: block; font-size: 22px; }
.card.fail b { color: var(--fail); } .card.pass b { color: var(--pass); } .card.na b { color: var(--na); }
.sev-critical { color: #7a0916; font-weight: 600; } .sev-high { color: var(--fail); font-weight: 600; }
.sev-medium { color: #b54708; } .sev-low { color: #175cd3; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--line); }
th { font-size: 12px; text-transform: uppercase; color: #475467; }
.chart td { border: 0; padding: 3px 8px; }
.bar { display: flex; height: 14px; width: 320px; background: #f2f4f7; border-radius: 3px; overflow: hidden; }
.bar span { display: block; height: 100%; }
.bar .fail { background: var(--fail); } .bar .pass { background: var(--pass); } .bar .na { background: #d0d5dd; }
.status { font-weight: 600; white-space: nowrap; }
.status.NON_COMPLIANT { color: var(--fail); } .status.COMPLIANT { color: var(--pass); } .status.NOT_APPLICABLE { color: var(--na); }
.muted { color: #475467; } .small { font-size: 12px; }
.id { font-family: ui-monospace, monospace; font-size: 12px; word-break: break-all; color: #475467; }
.filters { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; }
.filters label { display: flex; gap: 4px; align-items: center; }
blockquote { margin: 4px 0 0; padding-left: 8px; border-left: 3px solid var(--line); color: #475467; }
`;

/**
 * Filters: compliance, minimum severity, rule and free text; the count of rows shown. A link can
 * preset them: `report.html#severity=high&rule=dms-endpoint-tls&text=prod&compliance=NON_COMPLIANT`.
 */
const SCRIPT = `
(function () {
  var rank = { low: 0, medium: 1, high: 2, critical: 3 };
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.result"));
  var form = document.getElementById("filters");
  function apply() {
    var statuses = {};
    Array.prototype.forEach.call(form.querySelectorAll("input[name=compliance]"), function (box) { statuses[box.value] = box.checked; });
    var minimum = rank[form.elements.severity.value] || 0;
    var rule = form.elements.rule.value;
    var text = form.elements.text.value.toLowerCase();
    var shown = 0;
    rows.forEach(function (row) {
      var visible = statuses[row.dataset.compliance] && rank[row.dataset.severity] >= minimum &&
        (rule === "" || row.dataset.rule === rule) && (text === "" || row.textContent.toLowerCase().indexOf(text) >= 0);
      row.hidden = !visible;
      if (visible) shown++;
    });
    document.getElementById("shown").textContent = String(shown);
  }
  var preset = new URLSearchParams(location.hash.slice(1));
  ["severity", "rule", "text"].forEach(function (name) {
    if (preset.has(name)) form.elements[name].value = preset.get(name);
  });
  if (preset.has("compliance")) {
    var wanted = preset.get("compliance").split(",");
    Array.prototype.forEach.call(form.querySelectorAll("input[name=compliance]"), function (box) { box.checked = wanted.indexOf(box.value) >= 0; });
  }
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  apply();
})();
`;

export { CSP, SCRIPT, STYLE };
