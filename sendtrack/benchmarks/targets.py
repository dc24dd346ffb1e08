"""The targets every address is judged against, and the tables the benchmark prints (in
Markdown, so that they can go into docs/performance.md as they are).

All targets are ratios to the floor measured in the same run, but for the dashboards' p95:

- dashboards, with and without a workstream filter: p95 < 100 ms and p50 ≤ 60× the floor,
  cold and warm;
- monthly reports: JSON p50 ≤ 20× the floor cold; CSV and XLSX p50 within 1.5× of the same
  report's JSON, cold;
- API lists: p50 ≤ 10× the floor cold (5× is the goal after that, shown but not judged);
- dashboards, reports and lists: a repeat with the ETag answered 304 at p50 ≤ 3× the floor."""

from __future__ import annotations

DASHBOARD_P95_MS = 100
DASHBOARD_TIMES_FLOOR = 60
REPORT_TIMES_FLOOR = 20
FORMAT_TIMES_JSON = 1.5
LIST_TIMES_FLOOR = 10
LIST_GOAL_TIMES_FLOOR = 5
NOT_MODIFIED_TIMES_FLOOR = 3


def _p(row: dict, way: str, q: int) -> float | None:
    return (row.get(way) or {}).get(f"p{q}_ms")


def _check(what: str, value: float | None, limit: float, *, strict: bool = False) -> dict:
    if value is None:
        return {"what": what, "value": None, "met": False}
    met = value < limit if strict else value <= limit
    return {"what": what, "value": round(value, 2), "met": met}


def judge(row: dict, *, floor_ms: float, json_p50_ms: float | None = None) -> dict:
    """Sets the row's ratios to the floor, its checks, whether it meets its targets (None if
    it has none) and, for lists, whether it reaches the goal. ``json_p50_ms`` is the cold p50
    of the same report as JSON, for a CSV or XLSX row. Returns the row."""
    kind, checks = row["kind"], []
    cold50, warm50, nm50 = _p(row, "cold", 50), _p(row, "warm", 50), _p(row, "not_modified", 50)
    ratio = lambda v: None if v is None or not floor_ms else round(v / floor_ms, 1)  # noqa: E731
    row["cold_x_floor"], row["warm_x_floor"] = ratio(cold50), ratio(warm50)
    row["not_modified_x_floor"] = ratio(nm50)
    if kind == "dashboard":
        for way in ("cold", "warm"):
            checks.append(
                _check(
                    f"{way} p95 < {DASHBOARD_P95_MS} ms",
                    _p(row, way, 95),
                    DASHBOARD_P95_MS,
                    strict=True,
                )
            )
            checks.append(
                _check(
                    f"{way} p50 ≤ {DASHBOARD_TIMES_FLOOR}× floor",
                    row[f"{way}_x_floor"],
                    DASHBOARD_TIMES_FLOOR,
                )
            )
    elif kind == "report" and row.get("format", "json") == "json":
        checks.append(
            _check(
                f"cold p50 ≤ {REPORT_TIMES_FLOOR}× floor", row["cold_x_floor"], REPORT_TIMES_FLOOR
            )
        )
    elif kind == "report":
        times_json = None if not json_p50_ms or cold50 is None else cold50 / json_p50_ms
        checks.append(
            _check(f"cold p50 ≤ {FORMAT_TIMES_JSON}× JSON's", times_json, FORMAT_TIMES_JSON)
        )
    elif kind == "list":
        checks.append(
            _check(f"cold p50 ≤ {LIST_TIMES_FLOOR}× floor", row["cold_x_floor"], LIST_TIMES_FLOOR)
        )
        row["goal"] = _check(
            f"cold p50 ≤ {LIST_GOAL_TIMES_FLOOR}× floor",
            row["cold_x_floor"],
            LIST_GOAL_TIMES_FLOOR,
        )
    if kind in {"dashboard", "report", "list"}:
        checks.append(
            _check(
                f"304 p50 ≤ {NOT_MODIFIED_TIMES_FLOOR}× floor",
                row["not_modified_x_floor"],
                NOT_MODIFIED_TIMES_FLOOR,
            )
        )
    row["checks"] = checks
    row["met"] = all(c["met"] for c in checks) if checks else None
    return row


def judge_all(rows: list[dict], *, floor_ms: float) -> list[dict]:
    """Judges every row; a report's CSV and XLSX against its JSON row in the same list."""
    json_p50 = {
        row["report"]: _p(row, "cold", 50)
        for row in rows
        if row["kind"] == "report" and row.get("format") == "json"
    }
    for row in rows:
        judge(row, floor_ms=floor_ms, json_p50_ms=json_p50.get(row.get("report")))
    return rows


def verdict(row: dict) -> str:
    """The target column: "met", or "MISSED" and what was missed; a list's goal after it."""
    if row.get("met") is None:
        return ""
    if row["met"]:
        text = "met"
    else:
        missed = [
            f"{c['what']} ({'—' if c['value'] is None else _num(c['value'])})"
            for c in row["checks"]
            if not c["met"]
        ]
        text = "MISSED: " + "; ".join(missed)
    if "goal" in row:
        text += f"; goal 5×: {'met' if row['goal']['met'] else 'not yet'}"
    return text


def _num(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


TABLE_HEAD = (
    "| address | cold p50 ms | cold p95 ms | warm p50 ms | warm p95 ms | 304 p50 ms "
    "| cold × floor | warm × floor | 304 × floor | queries | target |"
)


def render_table(rows: list[dict], *, floor: dict) -> list[str]:
    """The main table, one line per address, the floor first."""
    lines = [
        TABLE_HEAD,
        "|---|" + "---:|" * 9 + "---|",
        f"| floor (trivial view) | | | {_num(floor['p50_ms'], 2)} | {_num(floor['p95_ms'], 2)} "
        "| | | 1 | | 0 | |",
    ]
    for row in rows:
        lines.append(
            f"| {row['name']} | {_num(_p(row, 'cold', 50))} | {_num(_p(row, 'cold', 95))} "
            f"| {_num(_p(row, 'warm', 50))} | {_num(_p(row, 'warm', 95))} "
            f"| {_num(_p(row, 'not_modified', 50), 2)} "
            f"| {_num(row.get('cold_x_floor'))} | {_num(row.get('warm_x_floor'))} "
            f"| {_num(row.get('not_modified_x_floor'))} | {row.get('queries', '—')} "
            f"| {verdict(row)} |"
        )
    return lines


def render_growth(
    growth: dict[float, list[dict]], *, floors: dict[float, float] | None = None
) -> list[str]:
    """How each address's cold p50 and query count grow with the data's scale N. ``growth``
    maps each N to its rows (matched across N by name); ``floors``, each N's floor p50, adds
    each address's ratio to the floor of its own run (the runs are minutes apart on a shared
    machine, so the ratios compare better than the times)."""
    scales = sorted(growth)
    floors = floors or {}
    by_name = {n: {row["name"]: row for row in growth[n]} for n in scales}
    names = [row["name"] for row in growth[10.0 if 10.0 in growth else scales[-1]]]
    ratios = [n for n in scales if floors.get(n)]
    head = " | ".join(f"cold p50 ms N={n:g}" for n in scales)
    if ratios:
        head += " | " + " | ".join(f"× floor N={n:g}" for n in ratios)
    lines = [
        f"| address | {head} | N={scales[-1]:g} ÷ N={scales[0]:g} | queries "
        f"{'/'.join(f'N={n:g}' for n in scales)} | queries fixed |",
        "|---|" + "---:|" * (len(scales) + len(ratios) + 2) + "---|",
    ]
    for name in names:
        rows = {n: by_name[n].get(name) for n in scales}
        p50s = {n: _p(r, "cold", 50) if r else None for n, r in rows.items()}
        counts = [r.get("queries") if r else None for r in rows.values()]
        first, last = p50s[scales[0]], p50s[scales[-1]]
        growth_ratio = _num(last / first) if first and last is not None else "—"
        fixed = "yes" if None not in counts and len(set(counts)) == 1 else "NO"
        cells = [_num(p50s[n]) for n in scales]
        cells += [_num(None if p50s[n] is None else p50s[n] / floors[n], 0) for n in ratios]
        lines.append(
            f"| {name} | {' | '.join(cells)} | {growth_ratio} "
            f"| {'/'.join('—' if c is None else str(c) for c in counts)} | {fixed} |"
        )
    return lines
