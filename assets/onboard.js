// onboard serve: with JavaScript, a field is checked when it loses focus and the summary
// follows; an area input suggests areas as it is typed. The pages work without it: they
// post to the server, which answers with every finding at its field.
//
// The script keeps no copy of the form's fields. Each input carries its field's path
// (`data-field`), what it holds (`data-kind`) and its name (`contacts.professional[0].email`),
// so the script writes the form's TOML from the inputs, sends it to POST /api/validate — the
// same check as the server's — and shows the findings of the field that lost focus.
"use strict";

(function () {
  // A link of the error summary focuses its field, as the GOV.UK pattern does (a plain
  // fragment link only scrolls to it).
  document.addEventListener("click", (event) => {
    const link = event.target.closest(".error-summary a[href^='#']");
    const target = link && document.getElementById(link.getAttribute("href").slice(1));
    if (target) {
      event.preventDefault();
      (target.closest(".kern-form-input, .kern-form-check") || target).scrollIntoView();
      target.focus();
    }
  });

  // Messages mark values and keys with backticks, as on the terminal; on the page they
  // become <code>, as the server renders them (pages/findings.rs, `with_code`).
  function setText(element, text) {
    element.replaceChildren();
    text.split("`").forEach((part, i) => {
      if (i % 2 === 1) {
        const code = document.createElement("code");
        code.textContent = part;
        element.append(code);
      } else if (part) {
        element.append(document.createTextNode(part));
      }
    });
  }

  const form = document.getElementById("order-form");
  if (!form || !form.dataset.check) {
    return;
  }
  const texts = JSON.parse(form.dataset.texts || "{}");

  // --- writing the TOML --------------------------------------------------------------------

  function tomlString(text) {
    let out = '"';
    for (const c of text) {
      const code = c.codePointAt(0);
      if (c === '"' || c === "\\") {
        out += "\\" + c;
      } else if (c === "\n") {
        out += "\\n";
      } else if (c === "\t") {
        out += "\\t";
      } else if (code < 0x20 || code === 0x7f) {
        out += "\\u" + code.toString(16).padStart(4, "0");
      } else {
        out += c;
      }
    }
    return out + '"';
  }

  function tomlValue(input) {
    const kind = input.dataset.kind;
    if (kind === "boolean") {
      return input.checked ? "true" : "false";
    }
    const value = kind === "text" && input.tagName !== "TEXTAREA" ? input.value.trim() : input.value;
    if (kind === "date" && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
      return value;
    }
    return tomlString(value);
  }

  // The form's TOML, and where each item of its lists came from: `lists[path][i]` is the
  // input (or block index) of item i.
  function writeToml() {
    const tables = new Map([["", []]]);
    const people = new Map();
    const areas = [];
    const line = (table, text) => {
      if (!tables.has(table)) {
        tables.set(table, []);
      }
      tables.get(table).push(text);
    };
    line("", "schema_version = 1");
    for (const input of form.querySelectorAll("[data-field]")) {
      const path = input.dataset.field;
      const dot = path.lastIndexOf(".");
      const table = dot < 0 ? "" : path.slice(0, dot);
      const key = path.slice(dot + 1);
      const empty = input.dataset.kind !== "boolean" && input.value.trim() === "";
      if (input.dataset.kind === "list") {
        if (!empty) {
          areas.push(input);
        }
      } else if (table === "contacts.professional") {
        const block = Number(/\[(\d+)\]/.exec(input.name)[1]);
        if (!people.has(block)) {
          people.set(block, []);
        }
        if (!empty) {
          people.get(block).push(key + " = " + tomlValue(input));
        }
      } else if (!empty) {
        line(table, key + " = " + tomlValue(input));
      }
    }
    const listed = areas.map((input) => tomlString(input.value.trim()));
    line("jurisdiction", "regional_keys = [" + listed.join(", ") + "]");
    const logoFile = form.querySelector("input[name='logo.file']");
    const upload = form.querySelector("input[name='logo.upload']");
    let file = logoFile ? logoFile.value : "";
    if (upload && upload.files.length > 0) {
      const ext = upload.files[0].name.split(".").pop().toLowerCase();
      file = "logos/logo." + ext;
    }
    line("logo", "file = " + tomlString(file));
    let text = "";
    for (const [table, lines] of tables) {
      if (table !== "") {
        text += "\n[" + table + "]\n";
      }
      text += lines.join("\n") + "\n";
    }
    const blocks = [...people.keys()].sort((a, b) => a - b);
    for (const block of blocks) {
      text += "\n[[contacts.professional]]\n" + people.get(block).join("\n") + "\n";
    }
    return { text, areas, blocks };
  }

  function logoBlob() {
    const upload = form.querySelector("input[name='logo.upload']");
    if (upload && upload.files.length > 0) {
      return upload.files[0];
    }
    const data = form.querySelector("input[name='logo.data']");
    if (!data || data.value === "") {
      return null;
    }
    const bytes = Uint8Array.from(atob(data.value), (c) => c.charCodeAt(0));
    return new Blob([bytes]);
  }

  // --- which input a finding belongs to ----------------------------------------------------

  function inputFor(field, written) {
    if (!field) {
      return null;
    }
    let match = /^jurisdiction\.regional_keys\[(\d+)\]/.exec(field);
    if (match) {
      return written.areas[Number(match[1])] || null;
    }
    if (field === "jurisdiction.regional_keys") {
      return form.querySelector("[name='jurisdiction.regional_keys[0]']");
    }
    match = /^contacts\.professional\[(\d+)\]\.(\w+)/.exec(field);
    if (match) {
      const block = written.blocks[Number(match[1])];
      return form.querySelector("[name='contacts.professional[" + block + "]." + match[2] + "']");
    }
    if (field.startsWith("logo.") && field !== "logo.alt_text") {
      return form.querySelector("[name='logo.upload']");
    }
    return form.querySelector("[name='" + CSS.escape(field) + "']");
  }

  // --- showing findings --------------------------------------------------------------------

  function labelOf(input) {
    const label = form.querySelector("label[for='" + input.id + "']");
    return label ? label.firstChild.textContent.trim() : input.name;
  }

  function messageOf(finding, input) {
    if (finding.code === "empty-value" || finding.code === "missing-field") {
      if (input.name === "logo.upload") {
        return texts.logoMissing;
      }
      return texts.empty.replace("{label}", labelOf(input));
    }
    return finding.message;
  }

  function show(input, findings) {
    const box = document.getElementById(input.id + "-message");
    if (!box) {
      return;
    }
    box.replaceChildren();
    let invalid = false;
    for (const finding of findings) {
      const error = finding.severity === "error";
      invalid = invalid || error;
      const p = document.createElement("p");
      p.className = error ? "kern-error" : "field-warning";
      const prefix = document.createElement("span");
      prefix.className = "kern-sr-only";
      prefix.textContent = (error ? texts.error : texts.warning) + ": ";
      const body = document.createElement("span");
      body.className = "kern-body";
      setText(body, finding.text);
      p.append(prefix, body);
      if (finding.help) {
        const help = document.createElement("span");
        help.className = "kern-body field-help";
        setText(help, " (" + finding.help + ")");
        p.append(help);
      }
      box.append(p);
    }
    const ids = (input.getAttribute("aria-describedby") || "")
      .split(" ")
      .filter((id) => id !== "" && id !== box.id);
    if (findings.length > 0) {
      ids.push(box.id);
    }
    if (ids.length > 0) {
      input.setAttribute("aria-describedby", ids.join(" "));
    } else {
      input.removeAttribute("aria-describedby");
    }
    if (invalid) {
      input.setAttribute("aria-invalid", "true");
    } else {
      input.removeAttribute("aria-invalid");
    }
    const wrapper = input.closest(".kern-form-input");
    if (wrapper) {
      wrapper.classList.toggle("kern-form-input--error", invalid);
    }
    input.classList.toggle("kern-form-input__input--error", invalid && input.classList.contains("kern-form-input__input"));
    updateSummary(input, findings.filter((f) => f.severity === "error"));
  }

  // The summary lists the errors of the page; a field checked again replaces its entries.
  function updateSummary(input, errors) {
    const holder = document.getElementById("error-summary");
    if (!holder) {
      return;
    }
    let alert = holder.querySelector(".error-summary");
    if (!alert && errors.length === 0) {
      return;
    }
    if (!alert) {
      alert = document.createElement("div");
      alert.className = "kern-alert kern-alert--danger error-summary";
      alert.setAttribute("role", "alert");
      alert.setAttribute("aria-labelledby", "error-summary-title");
      alert.tabIndex = -1;
      const header = document.createElement("div");
      header.className = "kern-alert__header";
      const icon = document.createElement("span");
      icon.className = "kern-icon kern-icon--danger";
      icon.setAttribute("aria-hidden", "true");
      const title = document.createElement("h2");
      title.className = "kern-title";
      title.id = "error-summary-title";
      title.textContent = texts.summary;
      header.append(icon, title);
      const body = document.createElement("div");
      body.className = "kern-alert__body";
      const list = document.createElement("ul");
      list.className = "kern-list";
      body.append(list);
      alert.append(header, body);
      holder.prepend(alert);
    }
    const list = alert.querySelector("ul");
    for (const link of list.querySelectorAll("a[href='#" + input.id + "']")) {
      link.parentElement.remove();
    }
    for (const error of errors) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.className = "kern-link";
      link.href = "#" + input.id;
      setText(link, error.text);
      item.append(link);
      list.append(item);
    }
    if (list.children.length === 0) {
      alert.remove();
    }
  }

  async function check(input) {
    // A name in an area input is looked up by the server on submit (or picked from the
    // suggestions); only a key can be checked here.
    if (input.dataset.areas !== undefined && !/^\d*$/.test(input.value.trim())) {
      show(input, []);
      return;
    }
    // Passing through an empty field is no mistake yet.
    const box = document.getElementById(input.id + "-message");
    const empty = input.type !== "checkbox" && input.type !== "file" && input.value.trim() === "";
    if (empty && box && box.children.length === 0) {
      return;
    }
    const written = writeToml();
    const body = new FormData();
    body.append("form", new Blob([written.text], { type: "application/toml" }), "bestellzettel.toml");
    const logo = logoBlob();
    if (logo) {
      body.append("logo", logo, "logo");
    }
    let result;
    try {
      const lang = document.documentElement.lang;
      const response = await fetch("/api/validate?lang=" + lang, { method: "POST", body });
      if (!response.ok) {
        return;
      }
      result = await response.json();
    } catch (_) {
      return; // The server says it all on submit.
    }
    const diagnostics = (result.files && result.files[0] && result.files[0].diagnostics) || [];
    const mine = [];
    for (const d of diagnostics) {
      const at = inputFor(d.field, written);
      if (at === input) {
        mine.push({ severity: d.severity, text: messageOf(d, input), help: d.help });
      }
    }
    show(input, mine);
  }

  for (const input of form.querySelectorAll("[data-field], input[name='logo.upload']")) {
    input.addEventListener(input.type === "file" || input.type === "checkbox" ? "change" : "blur", () => {
      check(input);
    });
  }

  // --- area suggestions: an ARIA combobox over /api/areas ----------------------------------

  function combobox(input) {
    const listbox = document.createElement("ul");
    listbox.id = input.id + "-suggestions";
    listbox.className = "suggestions";
    listbox.setAttribute("role", "listbox");
    listbox.setAttribute("aria-label", texts.suggestions);
    listbox.hidden = true;
    const status = document.createElement("div");
    status.className = "kern-sr-only";
    status.setAttribute("role", "status");
    input.after(listbox, status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);
    let active = -1;
    let timer = null;
    let asked = "";

    function close() {
      listbox.hidden = true;
      listbox.replaceChildren();
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function mark(index) {
      const options = listbox.children;
      if (options.length === 0) {
        return;
      }
      active = (index + options.length) % options.length;
      for (let i = 0; i < options.length; i += 1) {
        options[i].setAttribute("aria-selected", i === active ? "true" : "false");
      }
      input.setAttribute("aria-activedescendant", options[active].id);
    }

    function pick(option) {
      input.value = option.dataset.ars;
      close();
      status.textContent = option.textContent;
      check(input);
    }

    async function suggest() {
      const q = input.value.trim();
      if (q.length < 2 || q === asked || /^\d+$/.test(q)) {
        if (q.length < 2) {
          close();
        }
        return;
      }
      asked = q;
      const state = form.querySelector("[name='authority.state']");
      let url = "/api/areas?q=" + encodeURIComponent(q);
      if (state && /^[A-Za-z]{2}$/.test(state.value.trim())) {
        url += "&state=" + encodeURIComponent(state.value.trim().toUpperCase());
      }
      let areas;
      try {
        const response = await fetch(url);
        if (!response.ok) {
          return;
        }
        areas = await response.json();
      } catch (_) {
        return;
      }
      if (input.value.trim() !== q) {
        return;
      }
      listbox.replaceChildren();
      areas.forEach((area, i) => {
        const option = document.createElement("li");
        option.id = listbox.id + "-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.dataset.ars = area.ars;
        const level = (texts.levels && texts.levels[area.level]) || area.level;
        option.textContent = area.name + " – " + level + " (" + area.ars + ")";
        option.addEventListener("mousedown", (event) => {
          event.preventDefault();
          pick(option);
        });
        listbox.append(option);
      });
      status.textContent = areas.length === 1 ? texts.countOne : texts.countOther.replace("{n}", String(areas.length));
      const open = areas.length > 0;
      listbox.hidden = !open;
      input.setAttribute("aria-expanded", open ? "true" : "false");
      active = -1;
    }

    input.addEventListener("input", () => {
      clearTimeout(timer);
      asked = "";
      timer = setTimeout(suggest, 200);
    });
    input.addEventListener("keydown", (event) => {
      const open = !listbox.hidden;
      if (event.key === "ArrowDown" && open) {
        event.preventDefault();
        mark(active + 1);
      } else if (event.key === "ArrowUp" && open) {
        event.preventDefault();
        mark(active - 1);
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault();
        pick(listbox.children[active]);
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", () => setTimeout(close, 150));
  }

  form.querySelectorAll("input[data-areas]").forEach(combobox);
})();
