// The chat simulator: every action goes through the sandbox's JSON API, which signs, encrypts and
// delivers to the app's /wechat exactly as WeChat would, and shows what the app sends back.
(function () {
  "use strict";
  var api = "/sandbox/api";
  var current = null;
  var lastId = 0;
  var shown = {};  // the chat items on the page, by outbox id, side and kind: a poll that overlaps another adds nothing twice
  var $ = function (id) { return document.getElementById(id); };

  function call(method, path, body) {
    var options = { method: method, headers: {} };
    if (body instanceof FormData) { options.body = body; }
    else if (body !== undefined) { options.headers["Content-Type"] = "application/json"; options.body = JSON.stringify(body); }
    return fetch(api + path, options).then(function (r) {
      return r.json().then(function (data) {
        if (!r.ok) { throw new Error((data.error && data.error.message) || r.statusText); }
        return data;
      });
    });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function loadUsers() {
    return call("GET", "/users").then(function (users) {
      var list = $("users");
      list.innerHTML = "";
      users.forEach(function (u) {
        var li = el("li", u.openid === current ? "selected" : "", u.nickname);
        li.appendChild(el("small", "", (u.subscribed ? "已关注" : "未关注") + (u.bound ? "" : "，无 unionid")));
        li.dataset.openid = u.openid;
        li.onclick = function () { select(u.openid, u.nickname); };
        list.appendChild(li);
      });
      if (!current && users.length) { select(users[0].openid, users[0].nickname); }
    });
  }

  function select(openid, nickname) {
    current = openid;
    lastId = 0;
    shown = {};
    $("chat").innerHTML = "";
    $("who").textContent = nickname + "（" + openid + "）";
    Array.prototype.forEach.call($("users").children, function (li) {
      li.className = li.dataset.openid === openid ? "selected" : "";
    });
    refreshChat();
  }

  function renderItem(item) {
    var li = el("li", item.side);
    if (item.kind === "template") {
      var card = el("div", "card");
      card.appendChild(el("h3", "", item.title || "模板消息"));
      var dl = el("dl");
      (item.fields || []).forEach(function (f) { dl.appendChild(el("dt", "", f[0])); dl.appendChild(el("dd", "", f[1])); });
      card.appendChild(dl);
      if (item.truncated && item.truncated.length) {
        card.appendChild(el("div", "cut", "注意：" + item.truncated.join("、") + " 超过20字被微信截断"));
      }
      if (item.url) { var a = el("a", "", "详情"); a.href = item.url; a.target = "_blank"; card.appendChild(a); }
      if (item.page) { card.appendChild(el("div", "page", "进入小程序查看：" + item.page)); }
      li.appendChild(card);
    } else {
      var prefix = item.kind === "custom" ? "" : item.kind === "mass" ? "【群发】" : "";
      li.appendChild(el("div", "bubble", prefix + (item.text || "")));
    }
    li.dataset.kind = item.kind;
    return li;
  }

  function refreshChat() {
    if (!current) { return Promise.resolve(); }
    var openid = current;
    return call("GET", "/users/" + encodeURIComponent(openid) + "/chat?after=" + lastId).then(function (items) {
      if (openid !== current) { return; }
      var chat = $("chat");
      var added = 0;
      items.forEach(function (item) {
        var key = item.id + ":" + item.side + ":" + item.kind;
        lastId = Math.max(lastId, item.id);
        if (shown[key]) { return; }
        shown[key] = true;
        chat.appendChild(renderItem(item));
        added += 1;
      });
      if (added) { chat.scrollTop = chat.scrollHeight; }
    });
  }

  function send(payload) {
    if (!current) { alert("请先选择或新建一个用户"); return Promise.resolve(); }
    return call("POST", "/users/" + encodeURIComponent(current) + "/send", payload)
      .then(function (result) { if (result.error) { alert(result.error); } })
      .then(refreshChat).then(loadUsers).catch(function (e) { alert(e.message); });
  }

  function drawMenu() {
    call("GET", "/menu").then(function (menu) {
      var nav = $("menu");
      nav.innerHTML = "";
      (menu.button || []).forEach(function (top) {
        var wrap = el("div");
        var button = el("button", "", top.name);
        button.type = "button";
        if (top.sub_button && top.sub_button.length) {
          var sub = el("div", "submenu");
          top.sub_button.forEach(function (item) {
            var b = el("button", "", item.name);
            b.type = "button";
            b.onclick = function () { sub.className = "submenu"; press(item); };
            sub.appendChild(b);
          });
          button.onclick = function () {
            Array.prototype.forEach.call(nav.querySelectorAll(".submenu"), function (s) { if (s !== sub) { s.className = "submenu"; } });
            sub.className = sub.className === "submenu" ? "submenu open" : "submenu";
          };
          wrap.appendChild(sub);
        } else {
          button.onclick = function () { press(top); };
        }
        wrap.appendChild(button);
        nav.appendChild(wrap);
      });
    });
  }

  function press(item) {
    if (item.type === "view") { send({ type: "event", event: "VIEW", key: item.url }); window.open(item.url); }
    else { send({ type: "event", event: "CLICK", key: item.key }); }
  }

  function loadScenes() {
    call("GET", "/qrcodes").then(function (codes) {
      var list = $("scenes");
      list.innerHTML = "";
      codes.forEach(function (c) { var o = el("option"); o.value = c.scene; list.appendChild(o); });
    });
  }

  function showFaults(state) { $("fault-state").textContent = JSON.stringify(state, null, 1); }

  $("composer").onsubmit = function (e) {
    e.preventDefault();
    var text = $("text").value;
    if (!text.trim()) { return; }
    $("text").value = "";
    send({ type: "text", content: text });
  };
  $("image").onchange = function () {
    if (!current || !this.files.length) { return; }
    var form = new FormData();
    form.append("image", this.files[0]);
    call("POST", "/users/" + encodeURIComponent(current) + "/image", form).then(refreshChat).catch(function (e) { alert(e.message); });
    this.value = "";
  };
  $("location").onclick = function () {
    var answer = prompt("位置（纬度,经度,地名）", "30.2741,120.1551,杭州市西湖区");
    if (!answer) { return; }
    var p = answer.split(",");
    send({ type: "location", latitude: p[0], longitude: p[1], label: p.slice(2).join(",") });
  };
  $("new-user").onsubmit = function (e) {
    e.preventDefault();
    var body = {
      nickname: $("new-nickname").value || null,
      openid: $("new-openid").value.trim() || null,
      bound: !$("new-unbound").checked
    };
    call("POST", "/users", body).then(function (u) {
      $("new-nickname").value = "";
      $("new-openid").value = "";
      return loadUsers().then(function () { select(u.openid, u.nickname); });
    });
  };
  $("follow").onclick = function () { send({ type: "event", event: "subscribe" }); };
  $("unfollow").onclick = function () { send({ type: "event", event: "unsubscribe" }); };
  $("scan").onsubmit = function (e) {
    e.preventDefault();
    var scene = $("scene").value.trim();
    if (!scene) { return; }
    send({ type: "scan", scene: scene });  // the sandbox sends subscribe (qrscene_) or SCAN, as WeChat does
  };
  $("mp-login").onclick = function () {
    if (!current) { alert("请先选择用户"); return; }
    call("POST", "/miniapp/login", { openid: current }).then(function (r) {
      $("mp-result").textContent = "code: " + r.code + "\n状态: " + r.status + "\n" + JSON.stringify(r.response || r.error, null, 1);
    });
  };
  $("mp-subscribe").onsubmit = function (e) {
    e.preventDefault();
    if (!current) { return; }
    call("POST", "/miniapp/subscribe", { openid: current, template_id: $("mp-template").value }).then(function (r) {
      $("mp-result").textContent = "已允许订阅：" + r.subscribed;
    });
  };
  $("faults").onsubmit = function (e) {
    e.preventDefault();
    var faults = { latency_ms: +$("latency").value || 0, error_rate: +$("error-rate").value || 0, errcodes: {} };
    if ($("fault-path").value && $("fault-code").value) { faults.errcodes[$("fault-path").value] = +$("fault-code").value; }
    call("PUT", "/faults", faults).then(showFaults);
  };
  $("clear-faults").onclick = function () { call("DELETE", "/faults").then(showFaults); };
  $("revoke").onclick = function () { call("POST", "/revoke-tokens").then(function () { $("fault-state").textContent = "所有令牌已失效"; }); };

  loadUsers();
  drawMenu();
  loadScenes();
  call("GET", "/faults").then(showFaults);
  setInterval(function () { refreshChat(); }, 1500);
  setInterval(loadScenes, 10000);
})();
