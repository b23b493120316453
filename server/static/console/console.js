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
