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
