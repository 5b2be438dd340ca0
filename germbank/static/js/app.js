/* GermBank page behaviour without inline scripts (the CSP forbids them).
   - data-confirm="question" on a button asks before its form is submitted;
   - data-autosubmit on a select submits its form on change;
   - fetchJSON() sends the CSRF token for same-site API calls. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-confirm]");
    if (target && !window.confirm(target.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
  document.addEventListener("change", function (event) {
    var target = event.target.closest("[data-autosubmit]");
    if (target && target.form) { target.form.submit(); }
  });
  var meta = document.querySelector('meta[name="csrf-token"]');
  window.GermBank = {
    csrfToken: meta ? meta.getAttribute("content") : "",
    fetchJSON: function (url, options) {
      options = options || {};
      options.headers = Object.assign({"Accept": "application/json"}, options.headers || {});
      if (options.method && options.method !== "GET") {
        options.headers["X-CSRFToken"] = window.GermBank.csrfToken;
      }
      options.credentials = "same-origin";
      return fetch(url, options).then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      });
    }
  };
})();
