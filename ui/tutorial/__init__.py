"""Recording the tutorial videos from the practice portal (QtWebEngine), assembled by kiosk.guide.render_videos."""
