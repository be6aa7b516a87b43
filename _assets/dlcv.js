/* Runs before MathJax and the ipywidgets HTML manager (priority in _config.yml): it lets the
   manager, which was written for MathJax 2 and a CDN, work offline under MathJax 3. */
(function () {
  "use strict";

  // The manager finds its fonts next to the URL RequireJS gives its module, by default under the
  // page's own folder (six 404s a page): map the module to the site's copy. RequireJS reads a plain
  // object `require` as its configuration when it loads.
  var root = document.documentElement.dataset.content_root || "";
  var manager = new URL(root + "_static/html-manager/", document.baseURI).href;
  window.require = {paths: {"@jupyter-widgets/html-manager/dist": manager.slice(0, -1)}};
  window.__jupyter_widgets_assets_path__ = manager;  // the same folder, for the parts that read this

  // The manager typesets widget labels with MathJax 2's MathJax.Hub.Queue(["Typeset", hub, element]),
  // which MathJax 3 lacks (a TypeError on every widget). Give whatever object becomes window.MathJax
  // (MathJax's configuration, then MathJax itself) a Hub whose Queue calls MathJax 3's typesetPromise.
  // Before MathJax is ready there is nothing to do: its start-up typesets the whole page.
  var hub = {
    Queue: function () {
      Array.prototype.forEach.call(arguments, function (job) {
        var mathjax = window.MathJax;
        if (Array.isArray(job) && job[0] === "Typeset" && mathjax && mathjax.typesetPromise) {
          mathjax.startup.promise = mathjax.startup.promise.then(function () {
            return mathjax.typesetPromise(job[2] ? [job[2]] : undefined);
          });
        }
      });
    },
  };
  var mathjax;
  Object.defineProperty(window, "MathJax", {
    configurable: true,
    get: function () {
      return mathjax;
    },
    set: function (value) {
      if (value && typeof value === "object" && !value.Hub) value.Hub = hub;
      mathjax = value;
    },
  });
})();
