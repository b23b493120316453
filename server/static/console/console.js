// Ask before buttons that change something irreversible (data-confirm). Works without it, too.
(function () {
  var forms = document.getElementsByTagName("form");
  for (var i = 0; i < forms.length; i++) {
    forms[i].onsubmit = function () {
      var button = this.querySelector("button[data-confirm]");
      return !button || window.confirm(button.getAttribute("data-confirm"));
    };
  }
  var links = document.querySelectorAll("a[data-confirm]");
  for (var j = 0; j < links.length; j++) {
    links[j].onclick = function () { return window.confirm(this.getAttribute("data-confirm")); };
  }
})();
// 常用答复: choosing one puts its text (placeholders already filled) into the reply box; without
// JavaScript the picker's 填入 button asks the server for the same. The print view's 打印 button.
(function () {
  var pickers = document.querySelectorAll("select[data-fill]");
  for (var i = 0; i < pickers.length; i++) {
    pickers[i].onchange = function () {
      var option = this.options[this.selectedIndex];
      var box = document.getElementById(this.getAttribute("data-fill"));
      if (!box || !option.getAttribute("data-body")) { return; }
      box.value = box.value ? box.value + "\n" + option.getAttribute("data-body") : option.getAttribute("data-body");
      box.focus();
    };
  }
  var printers = document.querySelectorAll("button[data-print]");
  for (var j = 0; j < printers.length; j++) {
    printers[j].onclick = function () { window.print(); };
  }
})();
