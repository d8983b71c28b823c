package shot

// The scripts run in the page before capture. They keep to ES5-era DOM
// calls: government pages set odd document modes.

// collectJS gathers every text holding a long digit run — text nodes, form
// values, in the page and its same-origin frames — and returns the texts;
// the nodes stay in window.__gk for replaceJS.
const collectJS = `(function(){
  try { var last = setTimeout(function(){}, 0); for (var t = 0; t <= last; t++) { clearTimeout(t); clearInterval(t); } } catch (e) {}
  var re = /[0-9\uFF10-\uFF19]{7,}/, items = [], texts = [];
  function walk(doc){
    if (!doc || !doc.body) return;
    var w = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT, null), n;
    while ((n = w.nextNode())) {
      if (re.test(n.nodeValue)) { items.push({n: n, v: false}); texts.push(n.nodeValue); }
    }
    var fs = doc.querySelectorAll('input,textarea');
    for (var i = 0; i < fs.length; i++) {
      if (re.test(fs[i].value)) { items.push({n: fs[i], v: true}); texts.push(fs[i].value); }
    }
    var fr = doc.querySelectorAll('iframe,frame');
    for (var k = 0; k < fr.length; k++) {
      try { walk(fr[k].contentDocument); } catch (e) {}
    }
  }
  walk(document);
  window.__gk = items;
  return texts;
})()`

// replaceJS writes the masked texts (a JSON array, %s) back and returns the
// page's whole text, frames included, for the check that nothing is left.
const replaceJS = `(function(masked){
  var items = window.__gk || [];
  for (var i = 0; i < items.length && i < masked.length; i++) {
    if (items[i].v) { items[i].n.value = masked[i]; } else if (items[i].n.nodeValue !== masked[i]) { items[i].n.nodeValue = masked[i]; }
  }
  var out = document.body ? document.body.innerText : '';
  var fr = document.querySelectorAll('iframe,frame');
  for (var k = 0; k < fr.length; k++) {
    try { out += '\n' + fr[k].contentDocument.body.innerText; } catch (e) {}
  }
  return out;
})(%s)`

// maskAllJS is the last resort when a number spans several nodes: every
// digit of every text node and form value becomes '*'.
const maskAllJS = `(function(){
  function walk(doc){
    if (!doc || !doc.body) return;
    var w = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT, null), n;
    while ((n = w.nextNode())) { n.nodeValue = n.nodeValue.replace(/[0-9\uFF10-\uFF19]/g, '*'); }
    var fs = doc.querySelectorAll('input,textarea');
    for (var i = 0; i < fs.length; i++) { fs[i].value = fs[i].value.replace(/[0-9\uFF10-\uFF19]/g, '*'); }
    var fr = doc.querySelectorAll('iframe,frame');
    for (var k = 0; k < fr.length; k++) { try { walk(fr[k].contentDocument); } catch (e) {} }
  }
  walk(document);
})()`

// outlineJS outlines the elements of the marks (a JSON array, %s) and
// returns the page's height in CSS pixels (0: nothing rendered).
const outlineJS = `(function(marks){
  if (!document.body) return 0;
  function mark(el){
    if (!el || !el.style) return;
    el.style.setProperty('outline', '4px solid #e00000', 'important');
    el.style.setProperty('outline-offset', '2px', 'important');
  }
  function byText(sel, words){
    var els = document.querySelectorAll(sel), best = null;
    for (var i = 0; i < els.length; i++) {
      var t = els[i].innerText || '';
      for (var k = 0; k < words.length; k++) {
        if (t.indexOf(words[k]) >= 0 && (!best || best.contains(els[i]))) best = els[i];
      }
    }
    return best;
  }
  for (var i = 0; i < (marks || []).length; i++) {
    var m = marks[i];
    if (m.Kind === 'link') {
      var els = document.querySelectorAll('a[href],img[src],iframe[src],link[href],script[src],embed[src],object[data],source[src]');
      for (var k = 0; k < els.length; k++) {
        var e = els[k], u = e.href || e.src || e.data || '';
        if (u === m.Value || decodeURI(u) === decodeURI(m.Value)) {
          mark(e.tagName === 'IMG' && e.parentElement && e.parentElement.tagName === 'A' ? e.parentElement : e);
        }
      }
    } else if (m.Kind === 'footer') {
      var f = document.querySelector('footer,#footer,.footer,[id*=footer],[class*=footer],[id*=foot],[class*=foot],[id*=bottom],[class*=bottom]');
      mark(f || byText('div,table,p', ['版权所有', '主办', 'ICP']));
    } else if (m.Kind === 'metadata') {
      mark(byText('table,dl,ul,div', ['索引号']) || byText('table,dl,ul,div', ['发布机构', '发文机关']));
    } else if (m.Kind === 'list') {
      mark(document.querySelector('[class*=list],[id*=list],.content,#content,main,article'));
    } else if (m.Kind === 'number') {
      mark(byText('p,td,li,span,div', [m.Value]));
    }
  }
  var d = document.documentElement;
  return Math.max(d ? d.scrollHeight : 0, document.body.scrollHeight, document.body.innerText.length > 0 ? 1 : 0);
})(%s)`
