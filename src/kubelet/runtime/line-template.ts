/** The catalog's line templates: `{{time "DD/Mon/YYYY:hh:mm:ss +ZZZZ"}}`, `{{podIP}}`, `{{hostname}}`, request fields. */

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Formats a time (UTC, as containers run) with the catalog's layout tokens. */
export function formatTime(layout: string, d: Date): string {
  return layout.replace(/YYYY|MM|DD|Mon|Dow|hh|mm|ss|SSSSSS|SSS|\+ZZZZ/g, (tok) => {
    switch (tok) {
      case 'YYYY':
        return String(d.getUTCFullYear());
      case 'MM':
        return pad(d.getUTCMonth() + 1);
      case 'DD':
        return pad(d.getUTCDate());
      case 'Mon':
        return months[d.getUTCMonth()]!;
      case 'Dow':
        return days[d.getUTCDay()]!;
      case 'hh':
        return pad(d.getUTCHours());
      case 'mm':
        return pad(d.getUTCMinutes());
      case 'ss':
        return pad(d.getUTCSeconds());
      case 'SSSSSS':
        return pad(d.getUTCMilliseconds() * 1000, 6);
      case 'SSS':
        return pad(d.getUTCMilliseconds(), 3);
      default:
        return '+0000';
    }
  });
}

/** Expands `{{name}}` from vars and `{{time "layout"}}` from now. */
export function renderLine(template: string, now: Date, vars: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{\{\s*(time\s+"([^"]*)"|[A-Za-z]+)\s*\}\}/g, (whole, expr: string, layout?: string) => {
    if (layout !== undefined) return formatTime(layout, now);
    const v = vars[expr];
    return v === undefined ? whole : String(v);
  });
}
