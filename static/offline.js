// The contact form without a connection (docs/offline.md). On every page: the service worker,
// the count of waiting contacts in the header, a question before logging out while contacts
// wait. On the contact form: "Opslaan" without a connection keeps the contact in IndexedDB;
// when the connection returns, waiting contacts are sent in order, each with its own one-time
// token (a UUID made here, which the server accepts once: a retry never saves twice). A
// contact the server refuses comes back to be corrected; one the server has is removed.
(function () {
  "use strict";
  const FORMULIER = "/contactmomenten/nieuw/";
  const CACHE = "mba-offline-v1";
  const WEGLATEN = ["csrfmiddlewaretoken", "formtoken", "nog_een"];

  function db() {
    return new Promise((klaar, fout) => {
      const open = indexedDB.open("mba-offline", 1);
      open.onupgradeneeded = () =>
        open.result.createObjectStore("wachtrij", { keyPath: "id", autoIncrement: true });
      open.onsuccess = () => klaar(open.result);
      open.onerror = () => fout(open.error);
    });
  }

  async function opslag(modus, actie) {
    const d = await db();
    return new Promise((klaar, fout) => {
      const tx = d.transaction("wachtrij", modus);
      const verzoek = actie(tx.objectStore("wachtrij"));
      tx.oncomplete = () => klaar(verzoek && verzoek.result);
      tx.onerror = () => fout(tx.error);
    });
  }

  const alle = () => opslag("readonly", (s) => s.getAll());
  const bewaar = (item) => opslag("readwrite", (s) => s.put(item));
  const verwijder = (id) => opslag("readwrite", (s) => s.delete(id));

  function aantalTekst(n) {
    return n === 1 ? "1 wacht" : n + " wachten";
  }

  let aantalWachtend = null; // known once the header count has been read

  async function toonTeller(extra) {
    const teller = document.getElementById("wachtrij");
    const items = await alle();
    aantalWachtend = items.length;
    if (!teller) return;
    const tekst = [];
    if (items.length) tekst.push(aantalTekst(items.length));
    if (extra) tekst.push(extra);
    teller.textContent = tekst.join(" — ");
    teller.hidden = tekst.length === 0;
  }

  function melding(tekst, soort) {
    const plek = document.getElementById("offline-melding");
    if (!plek) return;
    plek.replaceChildren();
    if (!tekst) return;
    const p = document.createElement("p");
    p.className = "melding" + (soort ? " melding--" + soort : "");
    p.textContent = tekst;
    plek.append(p);
  }

  // --- on the contact form -------------------------------------------------------------------
  const formulier = document.querySelector("form[data-offline]");

  function velden(form) {
    const paren = [];
    for (const [naam, waarde] of new FormData(form)) {
      if (!WEGLATEN.includes(naam) && typeof waarde === "string") paren.push([naam, waarde]);
    }
    return paren;
  }

  function vulIn(form, paren) {
    form.reset();
    for (const el of form.elements) {
      if (!el.name || WEGLATEN.includes(el.name)) continue;
      const waarden = paren.filter(([n]) => n === el.name).map(([, w]) => w);
      if (el.type === "checkbox" || el.type === "radio") el.checked = waarden.includes(el.value);
      else if (el.tagName === "SELECT" && el.multiple)
        for (const o of el.options) o.selected = waarden.includes(o.value);
      else if (el.tagName !== "BUTTON") el.value = waarden.length ? waarden[0] : "";
    }
  }

  async function toonTerugkomers() {
    const lijst = document.getElementById("terugkomers");
    if (!lijst) return;
    const fout = (await alle()).filter((i) => i.status === "fout");
    const ul = lijst.querySelector("ul");
    ul.replaceChildren();
    for (const item of fout) {
      const li = document.createElement("li");
      const datum = (item.velden.find(([n]) => n === "datum") || [, ""])[1];
      const tekst = document.createElement("p");
      tekst.textContent = "Contactmoment van " + datum + ": " + item.fouten.join(" ");
      const knop = document.createElement("button");
      knop.type = "button";
      knop.className = "knop knop--secundair";
      knop.textContent = "Verbeteren";
      knop.addEventListener("click", () => verbeter(item));
      li.append(tekst, knop);
      ul.append(li);
    }
    lijst.hidden = fout.length === 0;
  }

  function verbeter(item) {
    vulIn(formulier, item.velden);
    formulier.dataset.verbeteren = String(item.id);
    const meer = formulier.querySelector("details.meer");
    if (meer) meer.open = true;
    melding(
      "Verbeter dit contactmoment en kies Opslaan. De server meldde: " + item.fouten.join(" "),
      "error"
    );
    formulier.querySelector("input, select, textarea").focus();
  }

  async function bewaarOpTelefoon() {
    const id = formulier.dataset.verbeteren;
    const item = { velden: velden(formulier), status: "wacht", fouten: [] };
    if (id) {
      const eerder = (await alle()).find((i) => String(i.id) === id);
      item.id = Number(id);
      item.token = eerder ? eerder.token : crypto.randomUUID(); // the refused post saved nothing
    } else {
      item.token = crypto.randomUUID();
    }
    await bewaar(item);
    delete formulier.dataset.verbeteren;
    formulier.reset();
    melding("Bewaard op deze telefoon — wordt verstuurd zodra er verbinding is.");
    await toonTerugkomers();
    await toonTeller();
  }

  // --- sending what waits --------------------------------------------------------------------
  const lees = (html) => new DOMParser().parseFromString(html, "text/html");

  async function verstuur() {
    const wachtend = (await alle()).filter((i) => i.status === "wacht");
    if (!wachtend.length || !navigator.onLine) return;
    let pagina;
    try {
      pagina = await fetch(FORMULIER, { credentials: "same-origin", cache: "no-store" });
    } catch (e) {
      return; // no connection after all: they wait
    }
    if (new URL(pagina.url).pathname !== FORMULIER || !pagina.ok) {
      await toonTeller("log opnieuw in om te versturen");
      melding("Uw sessie is verlopen: log opnieuw in om te versturen. De contactmomenten blijven bewaard.", "warning");
      return;
    }
    const csrf = lees(await pagina.text()).querySelector("input[name=csrfmiddlewaretoken]");
    let verstuurd = 0;
    for (const item of wachtend) {
      const data = new FormData();
      for (const [naam, waarde] of item.velden) data.append(naam, waarde);
      data.append("formtoken", item.token);
      data.append("csrfmiddlewaretoken", csrf ? csrf.value : "");
      data.append("nog_een", "1"); // a saved contact leads back to the form, not to its page
      let antwoord;
      try {
        antwoord = await fetch(FORMULIER, { method: "POST", body: data, credentials: "same-origin" });
      } catch (e) {
        break; // the connection went again: the rest waits
      }
      const pad = new URL(antwoord.url).pathname;
      if (antwoord.redirected && (pad === FORMULIER || /^\/contactmomenten\/\d+\/$/.test(pad))) {
        await verwijder(item.id); // the server has it (now or from an earlier try)
        verstuurd += 1;
      } else if (antwoord.redirected) {
        await toonTeller("log opnieuw in om te versturen");
        melding("Uw sessie is verlopen: log opnieuw in om te versturen. De contactmomenten blijven bewaard.", "warning");
        break;
      } else if (antwoord.status === 200 || antwoord.status === 403 || antwoord.status === 404) {
        const fouten = [...lees(await antwoord.text()).querySelectorAll("#fouten li")].map(
          (li) => li.textContent.trim()
        );
        item.status = "fout";
        item.fouten = fouten.length ? fouten : ["De server nam dit contactmoment niet aan."];
        await bewaar(item);
      } else {
        break; // the server is not well: try again later
      }
    }
    const terug = (await alle()).filter((i) => i.status === "fout").length;
    if (verstuurd || terug) {
      const delen = [];
      if (verstuurd) delen.push(verstuurd === 1 ? "1 contactmoment verstuurd." : verstuurd + " contactmomenten verstuurd.");
      if (terug) delen.push(terug === 1 ? "1 contactmoment kwam terug om te verbeteren." : terug + " contactmomenten kwamen terug om te verbeteren.");
      melding(delen.join(" "), terug ? "warning" : "");
    }
    await toonTerugkomers();
    await toonTeller();
  }

  function synchroniseer() {
    if (navigator.locks) return navigator.locks.request("mba-wachtrij", verstuur);
    return verstuur();
  }

  // --- start ----------------------------------------------------------------------------------
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {});
  }

  const uitloggen = document.querySelector("form[action$='/uitloggen/']");
  if (uitloggen) {
    const vraag = (n) =>
      window.confirm(
        (n === 1 ? "Er wacht nog 1 contactmoment" : "Er wachten nog " + n + " contactmomenten") +
          " op deze telefoon. Ze blijven bewaard en worden verstuurd als u weer inlogt. Toch uitloggen?"
      );
    uitloggen.addEventListener("submit", (event) => {
      if (uitloggen.dataset.bevestigd || aantalWachtend === 0) return; // nothing waits: log out
      event.preventDefault();
      if (aantalWachtend !== null) {
        if (vraag(aantalWachtend)) {
          uitloggen.dataset.bevestigd = "1";
          uitloggen.requestSubmit();
        }
        return;
      }
      alle().then((items) => {
        if (items.length === 0 || vraag(items.length)) {
          uitloggen.dataset.bevestigd = "1";
          uitloggen.requestSubmit();
        }
      });
    });
  }

  if (formulier) {
    formulier.addEventListener("submit", (event) => {
      if (navigator.onLine && !formulier.dataset.verbeteren) return; // the ordinary post
      event.preventDefault();
      bewaarOpTelefoon().then(() => {
        if (navigator.onLine) synchroniseer();
      });
    });
    if (navigator.onLine && window.caches) {
      // keep the form and what it needs for a moment without a connection
      const nodig = [FORMULIER, "/offline/"];
      for (const el of document.querySelectorAll("link[rel=stylesheet], script[src]"))
        nodig.push(el.href || el.src);
      caches
        .open(CACHE)
        .then((c) => Promise.all(nodig.map((url) => c.add(url).catch(() => {}))))
        .catch(() => {});
    }
    toonTerugkomers();
  }

  window.addEventListener("online", () => {
    melding("");
    synchroniseer();
  });
  toonTeller();
  if (navigator.onLine) synchroniseer();
})();
