"""The screencast's moving parts (kiosk/guide/screencast.py): where the finger, the tap and the zoom are when."""

from __future__ import annotations

from PIL import Image

from kiosk.guide.screencast import SIZE, Box, Shot, finger_body, frame, pose, skin_near


def shot(box: Box) -> Shot:
    return Shot(Image.new("RGB", SIZE, (250, 250, 250)), box)


def inside(point: tuple[float, float], box: Box) -> bool:
    return box.left <= point[0] <= box.left + box.width and box.top <= point[1] <= box.top + box.height


def test_the_finger_comes_in_taps_and_rests_on_the_element_and_is_drawn_there():
    button = Box(500, 300, 300, 60)
    start = pose(shot(button), 0.0, 8.0, zoom_from=4.0)
    assert not inside(start.finger, button) and not start.tapped
    tapping = pose(shot(button), 1.7, 8.0, zoom_from=4.0)
    assert tapping.ripple >= 0 and inside(tapping.finger, button)
    resting = pose(shot(button), 3.0, 8.0, zoom_from=4.0)
    assert resting.resting and inside(resting.finger, resting.target) and resting.zoom == 1.0
    picture = frame(shot(button), resting)
    body = finger_body(resting.finger)
    assert skin_near(picture.getpixel((round(body[0]), round(body[1]))))
    assert not skin_near(picture.getpixel((100, 100)))


def test_a_small_element_is_zoomed_onto_only_after_its_moment_and_stays_under_the_finger():
    slot = Box(1000, 600, 200, 40)  # near the corner: the zoom keeps inside the screen
    before = pose(shot(slot), 3.9, 8.0, zoom_from=4.0)
    assert before.zoom == 1.0
    after = pose(shot(slot), 6.0, 8.0, zoom_from=4.0)
    assert after.zoom > 1.4
    assert inside(after.finger, after.target)
    assert after.target.left + after.target.width <= SIZE[0] and after.target.top + after.target.height <= SIZE[1]
    large = Box(100, 100, 900, 300)
    assert pose(shot(large), 6.0, 8.0, zoom_from=4.0).zoom == 1.0
