// The Limpet router's operator console: polls GET /nodes and GET /router every 2 s and renders them; drain,
// enable, disable and weight use the admin API with the bearer token typed into the page (kept in this tab's
// sessionStorage only, sent in the Authorization header, never in a URL). Values go into the page as text.
(function () {
  'use strict';
  var tokenInput = document.getElementById('token');
  var statusLine = document.getElementById('status');
  var body = document.getElementById('nodes');
  var previous = {};
  tokenInput.value = sessionStorage.getItem('limpetAdminToken') || '';
  tokenInput.addEventListener('input', function () {
    sessionStorage.setItem('limpetAdminToken', tokenInput.value);
  });

  function headers() {
    return tokenInput.value ? {'Authorization': 'Bearer ' + tokenInput.value} : {};
  }

  function show(text, isError) {
    statusLine.textContent = text;
    statusLine.className = isError ? 'error' : '';
  }

  function cell(row, text, className) {
    var td = document.createElement('td');
    td.textContent = text;
    if (className) {
      td.className = className;
    }
    row.appendChild(td);
    return td;
  }

  function button(parent, label, action) {
    var b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.addEventListener('click', action);
    parent.appendChild(b);
    return b;
  }

  function change(route, what, value) {
    return fetch('/nodes/' + encodeURIComponent(route) + '/' + what, {
      method: 'PUT', headers: Object.assign({'Content-Type': 'text/plain'}, headers()), body: String(value)
    }).then(function (r) {
      return r.json().then(function (answer) {
        if (!r.ok) {
          show(route + ': ' + (answer.error || r.status), true);
        } else {
          show(route + ': ' + what + ' set to ' + value, false);
        }
        return refresh();
      });
    }).catch(function (e) {
      show(route + ': ' + e, true);
    });
  }

  function render(nodes, router, now) {
    document.getElementById('version').textContent = router.version;
    document.getElementById('tunnels').textContent = router.openTunnels;
    document.getElementById('inflight').textContent = router.inFlightRequests;
    document.getElementById('updated').textContent = new Date().toLocaleTimeString();
    var rows = document.createDocumentFragment();
    var seen = {};
    nodes.forEach(function (n) {
      var p = previous[n.route];
      var rate = '–';
      var latency = '–';
      if (p && now > p.t) {
        var dr = n.requests - p.requests;
        rate = (dr / ((now - p.t) / 1000)).toFixed(1);
        latency = dr > 0 ? ((n.requestSeconds - p.seconds) / dr * 1000).toFixed(1) : '–';
      }
      seen[n.route] = {requests: n.requests, seconds: n.requestSeconds, t: now};
      var tr = document.createElement('tr');
      tr.id = 'node-' + n.route;
      cell(tr, n.route, 'route');
      cell(tr, n.url);
      cell(tr, n.state, 'state ' + n.state);
      cell(tr, n.health, 'health ' + (n.healthy ? 'up' : 'down'));
      cell(tr, n.weight, 'weight');
      cell(tr, n.sessions, 'sessions');
      cell(tr, n.activeConnections, 'inflight');
      cell(tr, rate, 'rate');
      cell(tr, latency, 'latency');
      cell(tr, n.safeToStop ? 'yes' : 'no', 'safe');
      var actions = cell(tr, '');
      button(actions, 'drain', function () { change(n.route, 'state', 'draining'); }).className = 'drain';
      button(actions, 'enable', function () { change(n.route, 'state', 'active'); }).className = 'enable';
      button(actions, 'disable', function () { change(n.route, 'state', 'disabled'); }).className = 'disable';
      var weight = document.createElement('input');
      weight.type = 'number';
      weight.min = '0';
      weight.max = '256';
      weight.value = n.weight;
      weight.className = 'weight-input';
      actions.appendChild(weight);
      button(actions, 'set weight', function () { change(n.route, 'weight', weight.value); }).className = 'set-weight';
      rows.appendChild(tr);
    });
    previous = seen;
    var editing = document.activeElement;
    if (!(editing && editing.tagName === 'INPUT' && body.contains(editing))) {
      body.replaceChildren(rows); // not while a weight is being typed
    }
  }

  function refresh() {
    var options = {headers: headers(), cache: 'no-store'};
    return Promise.all([fetch('/nodes', options), fetch('/router', options)]).then(function (answers) {
      if (!answers[0].ok || !answers[1].ok) {
        show('cannot read the router: HTTP ' + answers[0].status + ' (reads may need the token)', true);
        return null;
      }
      return Promise.all([answers[0].json(), answers[1].json()]).then(function (data) {
        render(data[0], data[1], performance.now());
      });
    }).catch(function (e) {
      show('cannot reach the router: ' + e, true);
    });
  }

  refresh();
  setInterval(refresh, 2000);
}());
