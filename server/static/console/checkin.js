// 签到 by the browser's camera: frames go to jsQR (served by the app, static/vendor/jsqr); the first
// code read fills the box and submits the form, as a scanner would. Cameras need a secure context
// (https, or localhost); elsewhere the page says so and the code box still works.
(function () {
  var start = document.getElementById("camera-start");
  var status = document.getElementById("camera-status");
  var video = document.getElementById("camera-video");
  var form = document.getElementById("check-in");
  if (!start || !form) { return; }
  var box = form.querySelector("input[name=code]");
  if (!window.isSecureContext || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    start.disabled = true;
    status.textContent = "当前连接不允许使用摄像头，请在上面的输入框输入签到码。";
    return;
  }
  var canvas = document.createElement("canvas");
  var context = canvas.getContext("2d");
  function scan(stream) {
    if (video.readyState === video.HAVE_ENOUGH_DATA && window.jsQR) {
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      var image = context.getImageData(0, 0, canvas.width, canvas.height);
      var code = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
      if (code && code.data) {
        stream.getTracks().forEach(function (track) { track.stop(); });
        box.value = code.data;
        status.textContent = "已识别，正在签到……";
        form.submit();
        return;
      }
    }
    window.requestAnimationFrame(function () { scan(stream); });
  }
  start.onclick = function () {
    status.textContent = "正在打开摄像头……";
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
      video.srcObject = stream;
      video.hidden = false;
      video.play();
      start.disabled = true;
      status.textContent = "请把本人手机上的二维码对准摄像头。";
      scan(stream);
    }, function () {
      status.textContent = "无法打开摄像头（未允许或没有摄像头），请在上面的输入框输入签到码。";
    });
  };
})();
