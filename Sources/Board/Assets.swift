

/// The board's stylesheet, served as `/assets/board.css` (no inline styles:
/// the Content-Security-Policy allows style sheets from the board only).
enum AssetStyle {
    static let source = palette + "\n" + layout + "\n" + graph + "\n" + rest

    /// The colours, shared with the SVG that `ws graph --format svg` writes on its own.
    static let palette = #"""
    :root { --bg: #f6f7f9; --card: #fff; --ink: #1d2330; --muted: #5d6676; --line: #d8dce3;
      --ready: #1f9d55; --progress: #2f6fd6; --blocked: #d64545; --planned: #b7791f; --done: #6b7280; --critical: #9333ea;
      /* Text in these colours, darker: at least 4.5:1 (WCAG AA) on the cards' #f1f3f6 and on white (axe-core). */
      --ready-text: #15803d; --progress-text: #2358b0; --blocked-text: #b42318; --critical-text: #7e22ce; }
    """#

    static let layout = #"""
    * { box-sizing: border-box; }
    body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
    a { color: #1f5fbf; text-decoration: none; } a:hover { text-decoration: underline; }
    header.top { display: flex; align-items: center; gap: 18px; padding: 10px 20px; background: #1d2330; color: #fff; }
    header.top .brand { font-weight: 700; font-size: 18px; letter-spacing: .5px; }
    header.top nav a { color: #cfd6e4; margin-right: 14px; } header.top nav a.current { color: #fff; font-weight: 600; }
    .live-state { margin-left: auto; font-size: 12px; color: #9fd8b0; } .live-state.offline { color: #f0a0a0; }
    main { padding: 14px 20px 40px; }
    form.filters { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; padding: 12px 20px 0; }
    form.filters input[type=search] { min-width: 220px; padding: 5px 8px; border: 1px solid var(--line); border-radius: 6px; }
    form.filters select, form.filters button { padding: 5px 8px; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
    p.shown { color: var(--muted); margin: 0 0 10px; } h1.page-title { font-size: 20px; margin: 0 0 6px; }
    .board { display: grid; grid-template-columns: repeat(4, minmax(220px, 1fr)); gap: 14px; align-items: start; }
    .column { background: #eceef2; border-radius: 10px; padding: 10px; }
    .column h2, details.column summary { font-size: 14px; margin: 0 0 8px; text-transform: uppercase; letter-spacing: .4px; color: var(--muted); }
    .count { background: #fff; border-radius: 10px; padding: 0 7px; font-size: 12px; color: var(--ink); }
    details.column { margin-top: 14px; } details.column summary { cursor: pointer; }
    ol.cards { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 8px; }
    .card { background: var(--card); border-radius: 8px; padding: 8px 10px; border-left: 4px solid var(--line); box-shadow: 0 1px 2px rgba(0,0,0,.06); }
    .card.status-ready { border-left-color: var(--ready); } .card.status-in_progress { border-left-color: var(--progress); }
    .card.status-blocked { border-left-color: var(--blocked); } .card.status-planned { border-left-color: var(--planned); }
    .card.status-completed, .card.status-cancelled { border-left-color: var(--done); opacity: .85; }
    .card.critical { box-shadow: 0 0 0 2px var(--critical) inset, 0 1px 2px rgba(0,0,0,.06); }
    .card-title { display: block; color: var(--ink); } .card-id { font-weight: 700; font-family: ui-monospace, monospace; margin-right: 4px; }
    .card-meta { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 4px; font-size: 12px; color: var(--muted); }
    .card-meta span { background: #f1f3f6; border-radius: 4px; padding: 0 5px; }
    .card-meta .agent { color: var(--progress-text); } .flag { color: var(--critical-text); } .flag.conflict, .flag.stale { color: var(--blocked-text); }
    .waits, .reason { font-size: 12px; margin-top: 4px; color: var(--muted); } .reason { color: var(--blocked-text); }
    .more { font-size: 12px; margin: 8px 0 0; }
    .badge { display: inline-block; border-radius: 10px; padding: 1px 9px; font-size: 12px; background: #e5e7eb; color: var(--ink); }
    .badge.status-ready { background: #d6f5e3; } .badge.status-in_progress { background: #dbe7fb; } .badge.status-blocked { background: #fadada; }
    .badge.status-planned { background: #fbefd5; } .badge.critical { background: #efe1fd; color: var(--critical-text); }
    article.workstream h1, article.handoff h1 { margin: 6px 0; } .ws-id { font-family: ui-monospace, monospace; }
    dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; background: #fff; padding: 10px 14px; border-radius: 8px; max-width: 760px; }
    dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; }
    section { margin-top: 18px; } section h2 { font-size: 16px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
    ul.tasklist { list-style: none; padding-left: 4px; } .task.done { color: var(--muted); } .box.done { color: var(--ready-text); }
    .task-id { font-family: ui-monospace, monospace; color: var(--muted); }
    table { border-collapse: collapse; background: #fff; border-radius: 8px; } th, td { text-align: left; padding: 5px 9px; border-bottom: 1px solid var(--line); vertical-align: top; }
    code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12.5px; } pre { background: #fff; padding: 10px; border-radius: 6px; overflow-x: auto; }
    code.payload { white-space: pre-wrap; word-break: break-all; color: var(--muted); }
    .secret { color: var(--critical-text); font-weight: 600; }
    .brief, .handoff { background: #fff; border-radius: 8px; padding: 6px 18px 12px; max-width: 900px; }
    .pager { margin-top: 12px; } .none { color: var(--muted); }
    .graph-scroll { overflow: auto; background: #fff; border-radius: 8px; border: 1px solid var(--line); max-height: 80vh; }
    """#

    /// The graph's rules, also written into the standalone SVG of `ws graph --format svg`.
    static let graph = #"""
    svg.graph .edge { fill: none; stroke: #9aa3b2; stroke-width: 1.3; } svg.graph .edge.critical { stroke: var(--critical); stroke-width: 2.6; }
    svg.graph marker path { fill: #9aa3b2; }
    svg.graph .node rect { fill: #fff; stroke: #9aa3b2; stroke-width: 1.5; }
    svg.graph .node.status-ready rect { fill: #d6f5e3; stroke: var(--ready); } svg.graph .node.status-in_progress rect { fill: #dbe7fb; stroke: var(--progress); }
    svg.graph .node.status-blocked rect { fill: #fadada; stroke: var(--blocked); } svg.graph .node.status-planned rect { fill: #fbefd5; stroke: var(--planned); }
    svg.graph .node.status-completed rect, svg.graph .node.status-cancelled rect { fill: #eceef2; stroke: var(--done); }
    svg.graph .node.critical rect { stroke: var(--critical); stroke-width: 3; } svg.graph .node.focus rect { stroke-width: 4; }
    svg.graph text { font-size: 12px; fill: var(--ink); } svg.graph .node-id { font-weight: 700; font-family: ui-monospace, monospace; }
    svg.graph .node-link:hover rect { filter: brightness(0.95); }
    """#

    static let rest = #"""
    .legend .key { border-radius: 4px; padding: 0 6px; border: 1px solid var(--line); }
    .legend .key.status-ready { background: #d6f5e3; } .legend .key.status-in_progress { background: #dbe7fb; } .legend .key.status-blocked { background: #fadada; }
    .legend .key.status-planned { background: #fbefd5; } .legend .key.status-completed { background: #eceef2; } .legend .key.critical { border: 2px solid var(--critical); }
    .card-meta .lease { color: var(--progress-text); } .failed { color: var(--blocked-text); font-weight: 700; }
    .check-failed td:first-child { color: var(--blocked-text); } details summary { cursor: pointer; }
    @media (max-width: 900px) { .board { grid-template-columns: 1fr; } }
    """#
}

/// The board's one script, served as a file (`/assets/board.js`): the
/// Content-Security-Policy allows scripts from the board itself and nothing
/// inline. Every page works without it; with it, the part of the page under
/// `<main id="live">` is fetched again and swapped whenever the server says
/// the log's head moved, and the filter menus apply on change.
enum AssetScript {
    static let source = #"""
    // ws board: live updates over server-sent events, and small conveniences.
    (function () {
      'use strict';
      var label = document.getElementById('live-state');
      var head = document.body.getAttribute('data-head');
      var busy = false;
      var pending = false;

      function keepOpenState(current, fresh) {
        current.querySelectorAll('details[data-column]').forEach(function (d) {
          var twin = fresh.querySelector('details[data-column="' + d.getAttribute('data-column') + '"]');
          if (twin) { twin.open = d.open; }
        });
      }

      function refresh() {
        if (busy) { pending = true; return; }
        busy = true;
        fetch(window.location.href, { headers: { 'Accept': 'text/html' }, cache: 'no-store', credentials: 'same-origin' })
          .then(function (response) { return response.ok ? response.text() : null; })
          .then(function (text) {
            if (text === null) { return; }
            var doc = new DOMParser().parseFromString(text, 'text/html');
            var fresh = doc.getElementById('live');
            var current = document.getElementById('live');
            if (!fresh || !current) { return; }
            keepOpenState(current, fresh);
            current.replaceWith(document.importNode(fresh, true));
            head = fresh.getAttribute('data-head');
            document.body.setAttribute('data-head', head);
            if (label) { label.textContent = 'event #' + head; }
          })
          .catch(function () { /* the next event tries again */ })
          .then(function () {
            busy = false;
            if (pending) { pending = false; refresh(); }
          });
      }

      if (window.EventSource) {
        var source = new EventSource('/api/stream');
        source.addEventListener('head', function (event) {
          var seq = String(JSON.parse(event.data).seq);
          if (seq !== head) { refresh(); }
        });
        source.onopen = function () { if (label) { label.classList.remove('offline'); label.title = 'live'; } };
        source.onerror = function () { if (label) { label.classList.add('offline'); label.title = 'reconnecting'; } };
      }

      document.addEventListener('change', function (event) {
        var target = event.target;
        if (target && target.matches && target.matches('form.filters select[data-submit]') && target.form) { target.form.submit(); }
      });
    })();
    """#
}
