// The websocket of this page's own origin (the proxy's https becomes wss), and the restart button.
(function () {
  var terminal = document.getElementById("terminal");
  var scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  terminal.dataset.sessionWebsocketUrl = scheme + "//" + window.location.host + "/ws";
  document.getElementById("restart").addEventListener("click", function () {
    window.location.reload();
  });
})();
