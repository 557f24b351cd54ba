// Loaded on every page, tiny on purpose. A component's root names its script, GOV.UK Frontend's
// way: <div data-module="form"> loads components/form/form.mjs and calls its init(root). The
// guard attribute data-module-started is set before loading, so a root starts once however
// often Material's instant navigation replays the page. A component that fails to start is
// reported on the console with one prefix, which the browser tests fail on.

const NAME = /^[a-z][a-z-]*$/;
const FAILURE_PREFIX = "[after-the-no] component failed:";

function startComponents() {
  for (const root of document.querySelectorAll("[data-module]:not([data-module-started])")) {
    const name = root.dataset.module;
    root.dataset.moduleStarted = "";
    const loading = NAME.test(name) ? import(`../components/${name}/${name}.mjs`)
      : Promise.reject(new Error(`"${name}" is not a component name`));
    loading.then((module) => module.init(root)).catch((error) => {
      root.dataset.moduleFailed = ""; // the page stops waiting for it (see form.css)
      console.error(FAILURE_PREFIX, name, error);
    });
  }
}

// document$ is Material's page observable; it replays the current page to late subscribers.
if (window.document$) window.document$.subscribe(startComponents);
else document.addEventListener("DOMContentLoaded", startComponents);
