// Live case chat on the case page. Plain browser script (no bundler); the Socket.IO
// client comes from the app itself (/socket.io/socket.io.min.js). Messages are
// rendered with textContent only; links become <a> built with DOM APIs, http(s) only.
(function () {
  'use strict';

  var panel = document.getElementById('chat');
  if (!panel || typeof io !== 'function') return;

  var caseId = panel.getAttribute('data-case-id');
  var userId = panel.getAttribute('data-user-id');
  var csrf = panel.getAttribute('data-csrf') || '';
  var log = panel.querySelector('.chat-log');
  var form = panel.querySelector('.chat-form');
  var input = panel.querySelector('#chat-text');
  var statusLine = panel.querySelector('.chat-status');
  var typingLine = panel.querySelector('.chat-typing');
  var onlineLine = panel.querySelector('.chat-online');
  var unreadBadge = panel.querySelector('.chat-unread');
  var olderButton = panel.querySelector('.chat-older');
  var fileInput = panel.querySelector('#chat-file');
  var MAX = 2000;
  // Interface strings in the page's language (views/partials/chat-panel.hbs, locale key chatClient).
  var S = JSON.parse(panel.getAttribute('data-strings') || '{}');

  var bySeq = {}; // seq -> element
  var lastSeq = 0;
  var oldestSeq = 0;
  var reads = {}; // userId -> {name, upTo}
  var outboxKey = 'chat-outbox:' + caseId + ':' + userId;
  var pending = new Map(); // clientId -> element
  var joined = false;
  var sentRead = 0;
  var gapTimer = null;

  // The page's language decides the date format and which text of a system message to show.
  var lang = document.documentElement.lang === 'en' ? 'en' : 'ko';
  var timeFormat = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'ko-KR', {
    timeZone: 'Asia/Seoul',
    dateStyle: 'medium',
    timeStyle: 'short',
  });

  function setStatus(text) {
    statusLine.textContent = text;
  }

  function loadOutbox() {
    try {
      return JSON.parse(localStorage.getItem(outboxKey) || '[]');
    } catch {
      return [];
    }
  }
  function saveOutbox(items) {
    try {
      localStorage.setItem(outboxKey, JSON.stringify(items));
    } catch {
      // storage full or disabled: the message stays on screen with a retry button
    }
  }
  function removeFromOutbox(clientId) {
    saveOutbox(
      loadOutbox().filter(function (m) {
        return m.clientId !== clientId;
      }),
    );
  }

  function newClientId() {
    if (crypto && crypto.randomUUID) return crypto.randomUUID();
    return 'c' + Date.now().toString(36) + Math.random().toString(36).slice(2, 12);
  }

  // Text with http(s) links made clickable, all through DOM nodes (never innerHTML).
  function appendText(parent, text) {
    var pattern = /https?:\/\/[^\s<>"']+/g;
    var index = 0;
    var match;
    while ((match = pattern.exec(text))) {
      var raw = match[0].replace(/[.,;:!?)\]]+$/, '');
      if (match.index > index) parent.appendChild(document.createTextNode(text.slice(index, match.index)));
      var url;
      try {
        url = new URL(raw);
      } catch {
        url = null;
      }
      if (url && (url.protocol === 'http:' || url.protocol === 'https:')) {
        var a = document.createElement('a');
        a.href = url.href;
        a.textContent = raw;
        a.target = '_blank';
        a.rel = 'noopener noreferrer nofollow';
        parent.appendChild(a);
      } else {
        parent.appendChild(document.createTextNode(raw));
      }
      index = match.index + raw.length;
      pattern.lastIndex = index;
    }
    if (index < text.length) parent.appendChild(document.createTextNode(text.slice(index)));
  }

  function authorLabel(author) {
    if (!author) return S.system;
    // "이름 · 소속": a company name such as "(주)한빛소재" would double the brackets.
    var roles = S.roles || {};
    var where = author.institute || author.company || roles[author.role] || '';
    return where ? author.name + ' · ' + where : author.name;
  }

  // A system message in the page's language; the names and titles in it are what people
  // wrote, so they are marked translate="no" like user messages.
  function appendSystemOrUserText(body, message) {
    var text = (message.texts && message.texts[lang]) || message.text || '';
    if (message.kind !== 'system') {
      body.setAttribute('translate', 'no');
      appendText(body, text);
      return;
    }
    var parts = (message.asIs || []).filter(Boolean);
    var index = 0;
    while (parts.length && index < text.length) {
      var next = -1;
      var part = '';
      parts.forEach(function (p) {
        var at = text.indexOf(p, index);
        if (at >= 0 && (next < 0 || at < next || (at === next && p.length > part.length))) {
          next = at;
          part = p;
        }
      });
      if (next < 0) break;
      if (next > index) body.appendChild(document.createTextNode(text.slice(index, next)));
      var span = document.createElement('span');
      span.setAttribute('translate', 'no');
      span.textContent = part;
      body.appendChild(span);
      index = next + part.length;
    }
    if (index < text.length) body.appendChild(document.createTextNode(text.slice(index)));
  }

  function renderBody(li, message) {
    li.textContent = '';
    var head = document.createElement('p');
    head.className = 'chat-head';
    var who = document.createElement('strong');
    who.textContent = authorLabel(message.author);
    if (message.author) who.setAttribute('translate', 'no');
    head.appendChild(who);
    if (message.createdAt) {
      var time = document.createElement('time');
      time.dateTime = message.createdAt;
      time.textContent = ' ' + timeFormat.format(new Date(message.createdAt));
      head.appendChild(time);
    }
    li.appendChild(head);
    var body = document.createElement('p');
    body.className = 'chat-text';
    appendSystemOrUserText(body, message);
    li.appendChild(body);
    if (message.attachment) {
      var file = document.createElement('a');
      file.href = message.attachment.url || '/api/cases/' + caseId + '/attachments/' + message.attachment.id;
      file.textContent = S.attachment + message.attachment.filename;
      file.className = 'chat-file-link';
      li.appendChild(file);
    }
    var state = document.createElement('p');
    state.className = 'chat-state';
    li.appendChild(state);
  }

  function setState(li, state, retry) {
    var line = li.querySelector('.chat-state');
    if (!line) return;
    line.textContent = '';
    li.setAttribute('data-state', state);
    var labels = { sending: S.sending, queued: S.queued, sent: S.sent, failed: S.failed };
    line.appendChild(document.createTextNode(labels[state] || ''));
    if (state === 'failed' && retry) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'link-button';
      button.textContent = S.retry;
      button.addEventListener('click', retry);
      line.appendChild(document.createTextNode(' '));
      line.appendChild(button);
    }
  }

  function updateReceipt(li) {
    var seq = Number(li.getAttribute('data-seq'));
    var line = li.querySelector('.chat-state');
    if (!line || !seq || li.getAttribute('data-mine') !== 'true') return;
    var count = 0;
    Object.keys(reads).forEach(function (id) {
      if (id !== userId && reads[id].upTo >= seq) count++;
    });
    line.textContent = count ? S.readBy + count : S.sent;
  }

  function placeBySeq(li, seq) {
    var after = null;
    var children = log.children;
    for (var i = children.length - 1; i >= 0; i--) {
      var s = Number(children[i].getAttribute('data-seq'));
      if (s && s < seq) {
        after = children[i];
        break;
      }
    }
    if (after) after.after(li);
    else log.prepend(li);
  }

  function show(message) {
    if (bySeq[message.seq]) return bySeq[message.seq];
    var li = pending.get(message.clientId);
    var mine = message.author && message.author.id === userId;
    if (li && mine) {
      pending.delete(message.clientId);
      removeFromOutbox(message.clientId);
    } else {
      li = document.createElement('li');
    }
    li.className = 'chat-message' + (message.kind === 'system' ? ' chat-system' : '') + (mine ? ' chat-mine' : '');
    li.setAttribute('data-seq', String(message.seq));
    li.setAttribute('data-id', message.id);
    li.setAttribute('data-mine', mine ? 'true' : 'false');
    renderBody(li, message);
    if (li.parentNode) li.remove();
    placeBySeq(li, message.seq);
    bySeq[message.seq] = li;
    if (mine) updateReceipt(li);
    if (message.seq > lastSeq) {
      if (message.seq > lastSeq + 1 && lastSeq && joined) scheduleGapCheck();
      lastSeq = message.seq;
    }
    if (!oldestSeq || message.seq < oldestSeq) oldestSeq = message.seq;
    return li;
  }

  function scrollToEnd() {
    log.scrollTop = log.scrollHeight;
  }

  // ---- sending, with an outbox that survives disconnections and reloads

  function renderPending(item) {
    var li = pending.get(item.clientId);
    if (!li) {
      li = document.createElement('li');
      li.className = 'chat-message chat-mine';
      renderBody(li, {
        text: item.text,
        author: { name: panel.getAttribute('data-user-name') || S.me },
        attachment: item.attachment,
      });
      log.appendChild(li);
      pending.set(item.clientId, li);
      scrollToEnd();
    }
    return li;
  }

  function deliver(item) {
    var li = renderPending(item);
    if (!socket.connected || !joined) {
      setState(li, 'queued');
      return;
    }
    setState(li, 'sending');
    var payload = { caseId: caseId, clientId: item.clientId, text: item.text };
    if (item.attachment) payload.attachmentId = item.attachment.id;
    socket.timeout(10000).emit('chat:send', payload, function (err, ack) {
      if (err || !ack || !ack.ok) {
        var error = ack && ack.error ? ack.error : S.noResponse;
        if (ack && ack.status && ack.status < 500 && ack.status !== 429) removeFromOutbox(item.clientId);
        setState(li, 'failed', function () {
          deliver(item);
        });
        setStatus(S.sendFailed + error);
        return;
      }
      var shown = show(ack.message);
      setState(shown, 'sent');
      updateReceipt(shown);
      markRead();
    });
  }

  function flushOutbox() {
    loadOutbox().forEach(deliver);
  }

  function queue(text, attachment) {
    var item = { clientId: newClientId(), text: text, attachment: attachment || null };
    var items = loadOutbox();
    items.push(item);
    saveOutbox(items);
    deliver(item);
  }

  // ---- joining, catching up, read receipts

  function applyJoin(ack) {
    if (!ack || !ack.ok) {
      setStatus(ack && ack.error ? ack.error : S.joinFailed);
      return;
    }
    joined = true;
    (ack.reads || []).forEach(function (r) {
      reads[r.user.id] = { name: r.user.name, upTo: r.upTo };
    });
    ack.messages.forEach(show);
    Object.keys(bySeq).forEach(function (seq) {
      updateReceipt(bySeq[seq]);
    });
    if (olderButton) olderButton.hidden = !(oldestSeq > 1);
    // A reader looking at the chat has read it (markRead below); the badge is for a hidden tab.
    if (ack.unread > 0 && document.visibilityState !== 'visible') {
      unreadBadge.hidden = false;
      unreadBadge.textContent = S.newMessages + ack.unread;
    }
    setStatus(S.connected);
    scrollToEnd();
    if (ack.more) join(); // more than one catch-up page was missed
    flushOutbox();
    markRead();
  }

  // A join that gets no answer (the first one after a server restart often does) or a
  // "temporarily unavailable" answer is tried again, waiting longer each time, and the
  // status line says so.
  var JOIN_RETRY_MS = [1000, 2000, 5000, 10000, 30000];
  var joinAttempt = 0;
  var joinRetryTimer = null;
  function retryJoin() {
    if (joinRetryTimer) return;
    joinAttempt++;
    setStatus(S.joinRetrying.replace('{n}', String(joinAttempt + 1)));
    joinRetryTimer = setTimeout(
      function () {
        joinRetryTimer = null;
        join();
      },
      JOIN_RETRY_MS[Math.min(joinAttempt - 1, JOIN_RETRY_MS.length - 1)],
    );
  }

  function join() {
    var payload = { caseId: caseId };
    if (lastSeq) payload.after = lastSeq;
    socket.timeout(10000).emit('chat:join', payload, function (err, ack) {
      if (err || (ack && ack.status === 503)) {
        if (socket.connected) retryJoin();
        return;
      }
      joinAttempt = 0;
      applyJoin(ack);
    });
  }

  function scheduleGapCheck() {
    if (gapTimer) return;
    gapTimer = setTimeout(function () {
      gapTimer = null;
      join();
    }, 1000);
  }

  var readTimer = null;
  function markRead() {
    if (document.visibilityState !== 'visible' || !joined || lastSeq <= sentRead) return;
    if (readTimer) return;
    readTimer = setTimeout(function () {
      readTimer = null;
      var upTo = lastSeq;
      socket.emit('chat:read', { caseId: caseId, upTo: upTo }, function (ack) {
        if (ack && ack.ok) {
          sentRead = ack.upTo;
          unreadBadge.hidden = true;
        }
      });
    }, 800);
  }

  // ---- the connection

  // One socket per page: the header's live bell (bell.js) may have opened it already.
  var socket = (window.appSocket = window.appSocket || io({ transports: ['websocket'], reconnectionDelayMax: 5000 }));

  function onConnect() {
    if (socket.recovered) {
      joined = true;
      setStatus(S.connected);
      flushOutbox();
      return;
    }
    joined = false;
    join();
  }
  socket.on('connect', onConnect);
  // The bell's script (bell.js) may have connected this socket before this one ran.
  if (socket.connected) onConnect();
  socket.on('disconnect', function () {
    joined = false;
    setStatus(S.reconnecting);
  });
  socket.on('connect_error', function (error) {
    // The server refuses a handshake with this exact (Korean) message when the session is gone.
    setStatus(error && error.message === '로그인이 필요합니다.' ? S.loginRequired : S.connecting);
  });

  socket.on('chat:message', function (payload) {
    if (!payload || !payload.message || payload.message.caseId !== caseId) return;
    var li = show(payload.message);
    if (payload.message.author && payload.message.author.id === userId) setState(li, 'sent');
    updateReceipt(li);
    scrollToEnd();
    markRead();
  });

  socket.on('chat:read', function (payload) {
    if (!payload || payload.caseId !== caseId) return;
    reads[payload.user.id] = { name: payload.user.name, upTo: payload.upTo };
    Object.keys(bySeq).forEach(function (seq) {
      updateReceipt(bySeq[seq]);
    });
  });

  var typingTimers = new Map();
  var typingNames = new Map();
  function renderTyping() {
    var names = Array.from(typingNames.values());
    typingLine.textContent = '';
    if (!names.length) return;
    var who = document.createElement('span');
    who.setAttribute('translate', 'no');
    who.textContent = names.join(', ');
    typingLine.appendChild(who);
    typingLine.appendChild(document.createTextNode(S.typing));
  }
  socket.on('chat:typing', function (payload) {
    if (!payload || payload.caseId !== caseId || payload.user.id === userId) return;
    clearTimeout(typingTimers.get(payload.user.id));
    if (payload.typing) {
      typingNames.set(payload.user.id, payload.user.name);
      typingTimers.set(
        payload.user.id,
        setTimeout(function () {
          typingNames.delete(payload.user.id);
          renderTyping();
        }, 5000),
      );
    } else {
      typingNames.delete(payload.user.id);
    }
    renderTyping();
  });

  socket.on('chat:presence', function (payload) {
    if (!payload || payload.caseId !== caseId) return;
    onlineLine.textContent = S.online;
    var names = document.createElement('span');
    names.setAttribute('translate', 'no');
    names.textContent = payload.online
      .map(function (u) {
        return u.institute ? u.name + ' · ' + u.institute : u.name;
      })
      .join(', ');
    onlineLine.appendChild(names);
  });

  socket.on('chat:removed', function (payload) {
    if (!payload || payload.caseId !== caseId) return;
    joined = false;
    log.textContent = '';
    bySeq = {};
    form.hidden = true;
    setStatus(payload.error || S.removed);
  });

  // ---- the form

  var lastTyping = 0;
  input.addEventListener('input', function () {
    var now = Date.now();
    if (now - lastTyping > 2000 && input.value.trim()) {
      lastTyping = now;
      socket.emit('chat:typing', { caseId: caseId, typing: true });
    }
  });
  input.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text && !pendingFile) return;
    if (text.length > MAX) {
      setStatus(S.tooLong);
      return;
    }
    input.value = '';
    lastTyping = 0;
    socket.emit('chat:typing', { caseId: caseId, typing: false });
    if (pendingFile) uploadAndSend(pendingFile, text);
    else queue(text);
  });

  // A picked file waits beside the box until it is sent, with the message as its caption.
  var MAX_FILE_BYTES = 10 * 1024 * 1024;
  var pendingFile = null;
  var pendingLine = panel.querySelector('.chat-pending');
  function setPending(file) {
    pendingFile = file;
    if (!file && fileInput) fileInput.value = '';
    if (!pendingLine) return;
    pendingLine.hidden = !file;
    pendingLine.querySelector('.chat-pending-name').textContent = file
      ? file.name + ' (' + Math.max(1, Math.round(file.size / 1024)) + ' KB)'
      : '';
  }
  // fetch() cannot report upload progress; XMLHttpRequest can.
  function postWithProgress(url, data, onProgress) {
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      xhr.open('POST', url);
      xhr.setRequestHeader('x-csrf-token', csrf);
      xhr.upload.onprogress = function (event) {
        if (event.lengthComputable) onProgress(Math.round((event.loaded / event.total) * 100));
      };
      xhr.onload = function () {
        var body = {};
        try {
          body = JSON.parse(xhr.responseText);
        } catch {
          // an answer that is not JSON is a failure like any other
        }
        if (xhr.status >= 200 && xhr.status < 300) resolve(body.attachment);
        else reject(new Error(body.error || S.uploadFailed));
      };
      xhr.onerror = function () {
        reject(new Error(S.uploadFailed));
      };
      xhr.send(data);
    });
  }

  function uploadAndSend(file, caption) {
    var data = new FormData();
    data.append('file', file);
    setPending(null);
    setStatus(S.uploading);
    postWithProgress('/api/cases/' + caseId + '/attachments', data, function (percent) {
      setStatus(S.uploading + ' ' + percent + '%');
    })
      .then(function (attachment) {
        setStatus(S.uploaded);
        queue(caption || attachment.filename, {
          id: attachment.id || attachment.fileId,
          filename: attachment.filename,
        });
      })
      .catch(function (error) {
        setStatus(error.message);
      });
  }
  if (fileInput) {
    fileInput.addEventListener('change', function () {
      var file = fileInput.files && fileInput.files[0];
      if (!file) return setPending(null);
      if (file.size > MAX_FILE_BYTES) {
        setPending(null);
        setStatus(S.fileTooLarge);
        return;
      }
      setPending(file);
      input.focus();
    });
  }
  if (pendingLine) {
    pendingLine.querySelector('.chat-pending-cancel').addEventListener('click', function () {
      setPending(null);
    });
  }

  if (olderButton) {
    olderButton.addEventListener('click', function () {
      if (oldestSeq <= 1) return;
      var before = log.querySelector('[data-seq="' + oldestSeq + '"]');
      var cursor = before ? before.getAttribute('data-id') : '';
      fetch('/api/cases/' + caseId + '/messages?limit=30&before=' + encodeURIComponent(cursor), {
        credentials: 'same-origin',
      })
        .then(function (res) {
          return res.json();
        })
        .then(function (body) {
          (body.messages || []).forEach(show);
          olderButton.hidden = !body.next;
        })
        .catch(function () {
          setStatus(S.historyFailed);
        });
    });
  }

  document.addEventListener('visibilitychange', markRead);
  setStatus(S.connecting);
})();
