"""Pictures for the demo newsroom, drawn with plain Pillow.

Nothing is downloaded or copied: every picture is a function of its scene,
palette and seed, so a re-run draws the same image. Scenes are drawn at half
size and enlarged, then given a little grain: the soft edges and noise read
more like a photograph than crisp vector shapes, and drawing small is fast.
"""

import io
import math
import random

from PIL import Image, ImageChops, ImageDraw, ImageFilter

PHOTO_SIZE = (1600, 1067)
PORTRAIT_SIZE = (600, 600)

# Named colour schemes: a sky from top to horizon, a sun or light source, and
# the ground from far (hazy) to near (dark).
def scheme(sky_top, horizon, sun, far, near):
    return {"sky": (sky_top, horizon), "sun": sun, "ground": (far, near)}


PALETTES = {
    "dusk": scheme((44, 38, 92), (247, 146, 86), (255, 214, 140), (120, 74, 110), (28, 22, 48)),
    "dawn": scheme((96, 134, 196), (252, 204, 170), (255, 240, 200), (150, 150, 180), (52, 60, 90)),
    "noon": scheme((58, 128, 214), (182, 222, 246), (255, 252, 230), (120, 164, 120), (36, 84, 52)),
    "winter": scheme((120, 150, 186), (226, 232, 240), (250, 250, 255), (188, 198, 214), (70, 84, 108)),
    "autumn": scheme((70, 110, 160), (240, 210, 160), (255, 230, 170), (204, 140, 70), (92, 52, 30)),
    "storm": scheme((46, 56, 70), (140, 150, 156), (220, 226, 230), (96, 108, 110), (30, 38, 40)),
    "night": scheme((8, 12, 36), (40, 52, 104), (250, 236, 190), (30, 36, 70), (6, 8, 20)),
    "teal": scheme((18, 70, 90), (120, 200, 190), (250, 240, 200), (40, 120, 120), (10, 40, 50)),
    "rose": scheme((120, 60, 100), (250, 190, 180), (255, 230, 210), (170, 90, 110), (60, 24, 50)),
}


def mix(a, b, t):
    """The colour a fraction `t` of the way from `a` to `b`."""
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def vertical_gradient(size, top, bottom):
    mask = Image.linear_gradient("L").resize(size)
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask)


def ridge(rng, width, base, amplitude):
    """A smooth skyline of hills: a sum of sines with random phases."""
    waves = [(rng.uniform(0.5, 3.5), rng.uniform(0, math.tau), rng.uniform(0.3, 1.0)) for _ in range(3)]
    points = []
    for x in range(0, width + 8, 8):
        y = base + sum(a * math.sin(x / width * f * math.tau + p) for f, p, a in waves) * amplitude / 2
        points.append((x, y))
    return points


def glow(img, centre, radius, colour, strength=150):
    """A blurred disc of light, as a low sun or a lamp looks through a lens."""
    layer = Image.new("L", img.size, 0)
    draw = ImageDraw.Draw(layer)
    cx, cy = centre
    draw.ellipse((cx - radius * 2.4, cy - radius * 2.4, cx + radius * 2.4, cy + radius * 2.4), fill=strength // 3)
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=255)
    layer = layer.filter(ImageFilter.GaussianBlur(radius * 0.6))
    img.paste(Image.new("RGB", img.size, colour), mask=layer)


def draw_hills(img, rng, palette, horizon, layers):
    w, h = img.size
    draw = ImageDraw.Draw(img)
    far, near = palette["ground"]
    for i in range(layers):
        t = i / max(layers - 1, 1)
        base = horizon + t * (h - horizon) * 0.55
        colour = mix(mix(palette["sky"][1], far, 0.55), near, t)
        draw.polygon([*ridge(rng, w, base, h * (0.12 - 0.05 * t)), (w, h), (0, h)], fill=colour)


def scene_mountains(img, rng, palette):
    w, h = img.size
    glow(img, (rng.uniform(0.2, 0.8) * w, h * 0.35), h * 0.06, palette["sun"])
    draw_hills(img, rng, palette, h * 0.45, layers=4)


def scene_fields(img, rng, palette):
    w, h = img.size
    glow(img, (rng.uniform(0.15, 0.85) * w, h * 0.28), h * 0.05, palette["sun"])
    draw_hills(img, rng, palette, h * 0.5, layers=2)
    # The near field, ploughed: furrows converge on a point beyond its crest.
    field = [*ridge(rng, w, h * 0.7, h * 0.06), (w, h), (0, h)]
    mask = Image.new("L", img.size, 0)
    ImageDraw.Draw(mask).polygon(field, fill=255)
    near = palette["ground"][1]
    tilled = vertical_gradient(img.size, mix(palette["ground"][0], near, 0.5), near)
    draw = ImageDraw.Draw(tilled)
    vanish = (w * rng.uniform(0.3, 0.7), h * 0.45)
    for i in range(-12, 25):
        draw.line([vanish, (i * w / 12, h)], fill=mix(near, (0, 0, 0), 0.2), width=2)
    img.paste(tilled, mask=mask)


def scene_sea(img, rng, palette):
    w, h = img.size
    horizon = h * rng.uniform(0.55, 0.65)
    sun_x = rng.uniform(0.3, 0.7) * w
    glow(img, (sun_x, horizon - h * 0.08), h * 0.06, palette["sun"])
    far, near = palette["ground"]
    sea = vertical_gradient((w, int(h - horizon)), mix(palette["sky"][1], far, 0.4), near)
    img.paste(sea, (0, int(horizon)))
    draw = ImageDraw.Draw(img)
    # Broken lines of reflected light, wider towards the viewer.
    for _ in range(90):
        y = rng.uniform(horizon + 2, h)
        depth = (y - horizon) / (h - horizon)
        half = rng.uniform(4, 30) * (0.3 + depth * 2)
        x = sun_x + rng.gauss(0, 20 + 80 * depth)
        draw.line([(x - half, y), (x + half, y)], fill=mix(palette["sun"], near, 0.35 * depth), width=2)
    if rng.random() < 0.7:
        bx, by = rng.uniform(0.1, 0.8) * w, horizon + h * 0.06
        # A small sailing boat: hull, mast, sail.
        hull = [(0, 0), (0.09, 0), (0.075, 0.02), (0.01, 0.02)]
        sail = [(0.047, -0.085), (0.047, -0.01), (0.08, -0.01)]
        draw.polygon([(bx + x * w, by + y * h) for x, y in hull], fill=near)
        draw.line([(bx + w * 0.045, by), (bx + w * 0.045, by - h * 0.09)], fill=near, width=2)
        draw.polygon([(bx + x * w, by + y * h) for x, y in sail], fill=mix(near, palette["sun"], 0.2))


def scene_skyline(img, rng, palette):
    w, h = img.size
    glow(img, (rng.uniform(0.2, 0.8) * w, h * 0.42), h * 0.08, palette["sun"])
    draw_hills(img, rng, palette, h * 0.6, layers=1)
    draw = ImageDraw.Draw(img)
    far, near = palette["ground"]
    window = mix(palette["sun"], (255, 200, 120), 0.4)
    for row, shade in ((0, mix(far, near, 0.5)), (1, near)):
        x = -rng.uniform(0, 40)
        while x < w:
            bw = rng.uniform(0.035, 0.09) * w
            top = h * (rng.uniform(0.3, 0.55) + row * 0.12)
            draw.rectangle((x, top, x + bw, h), fill=shade)
            if row == 1:
                for wy in range(int(top + 8), int(h), 14):
                    for wx in range(int(x + 5), int(x + bw - 6), 11):
                        if rng.random() < 0.28:
                            draw.rectangle((wx, wy, wx + 4, wy + 6), fill=window)
            x += bw + rng.uniform(0, 10)


def scene_lights(img, rng, palette):
    """Out-of-focus lights at night: a rally, a street, a concert."""
    w, h = img.size
    colours = [palette["sun"], (255, 170, 80), (240, 90, 90), (120, 180, 255), (255, 230, 150)]
    for blur, count, alpha in ((18, 30, 90), (9, 40, 130), (3, 25, 180)):
        layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(layer)
        for _ in range(count):
            x, y, r = rng.uniform(0, w), rng.uniform(h * 0.15, h * 0.9), rng.uniform(0.01, 0.05) * w
            draw.ellipse((x - r, y - r, x + r, y + r), fill=(*rng.choice(colours), alpha))
        blurred = layer.filter(ImageFilter.GaussianBlur(blur))
        img.paste(blurred, mask=blurred)
    draw = ImageDraw.Draw(img)
    near = palette["ground"][1]
    # Heads and shoulders of a crowd in the foreground.
    x = -10
    while x < w:
        r = rng.uniform(0.018, 0.03) * w
        y = h - rng.uniform(0.08, 0.16) * h
        draw.ellipse((x - r, y - r, x + r, y + r), fill=near)
        draw.rectangle((x - r * 2, y + r * 0.8, x + r * 2, h), fill=near)
        x += r * rng.uniform(2.2, 3.2)


def scene_pitch(img, rng, palette):
    w, h = img.size
    draw = ImageDraw.Draw(img)
    stand_bottom = h * 0.38
    draw.rectangle((0, h * 0.12, w, stand_bottom), fill=mix(palette["ground"][1], (40, 40, 50), 0.5))
    crowd = [(230, 60, 60), (250, 250, 250), (60, 110, 220), (250, 200, 60)]
    for _ in range(1400):
        x, y = rng.uniform(0, w), rng.uniform(h * 0.13, stand_bottom - 3)
        draw.point((x, y), fill=mix(rng.choice(crowd), (40, 40, 50), 0.4))
    # Mown stripes in perspective, narrowing towards the far stand.
    greens = ((64, 140, 70), (78, 158, 82))
    draw.rectangle((0, stand_bottom, w, h), fill=greens[0])
    stripes = 9
    for i in range(stripes):
        top_l, top_r = w * (0.15 + 0.7 * i / stripes), w * (0.15 + 0.7 * (i + 1) / stripes)
        bot_l, bot_r = w * (-0.6 + 2.2 * i / stripes), w * (-0.6 + 2.2 * (i + 1) / stripes)
        draw.polygon([(top_l, stand_bottom), (top_r, stand_bottom), (bot_r, h), (bot_l, h)], fill=greens[i % 2])
    draw.line([(w * 0.15, stand_bottom + 2), (w * 0.85, stand_bottom + 2)], fill=(236, 240, 236), width=3)
    draw.line([(w * 0.5, stand_bottom), (w * 0.5, h)], fill=(236, 240, 236), width=3)
    cx, cy = w * 0.5, stand_bottom + (h - stand_bottom) * 0.45
    draw.ellipse((cx - w * 0.14, cy - h * 0.07, cx + w * 0.14, cy + h * 0.07), outline=(236, 240, 236), width=3)
    for _ in range(rng.randint(4, 8)):
        px, py = rng.uniform(0.1, 0.9) * w, rng.uniform(0.5, 0.9) * h
        kit = rng.choice(crowd[:3])
        size = 6 + 14 * (py - stand_bottom) / (h - stand_bottom)
        draw.ellipse((px - size * 0.5, py - size * 3.2, px + size * 0.5, py - size * 2.2), fill=(90, 60, 40))
        draw.rectangle((px - size * 0.7, py - size * 2.2, px + size * 0.7, py - size), fill=kit)
        draw.rectangle((px - size * 0.5, py - size, px + size * 0.5, py), fill=(30, 30, 40))


def scene_stars(img, rng, palette):
    w, h = img.size
    draw = ImageDraw.Draw(img)
    band = Image.new("L", img.size, 0)
    ImageDraw.Draw(band).polygon([(0, h * 0.7), (w * 0.2, h * 0.5), (w, 0), (w, h * 0.2), (w * 0.3, h * 0.75)], fill=70)
    img.paste(Image.new("RGB", img.size, (200, 190, 230)), mask=band.filter(ImageFilter.GaussianBlur(w * 0.05)))
    for _ in range(700):
        x, y = rng.uniform(0, w), rng.uniform(0, h * 0.8)
        brightness = rng.randint(140, 255)
        draw.point((x, y), fill=(brightness, brightness, min(255, brightness + 20)))
    for _ in range(25):
        x, y, r = rng.uniform(0, w), rng.uniform(0, h * 0.7), rng.uniform(1, 2.2)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(255, 250, 235))
    draw_hills(img, rng, palette, h * 0.8, layers=2)


def scene_abstract(img, rng, palette):
    """Overlapping translucent shapes, like a gallery wall or a stage set."""
    w, h = img.size
    colours = [palette["sun"], *palette["ground"], palette["sky"][0], (236, 92, 72), (244, 196, 64)]
    for _ in range(14):
        layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(layer)
        colour = (*rng.choice(colours), rng.randint(90, 170))
        x, y, r = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(0.06, 0.25) * w
        if rng.random() < 0.5:
            draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
        else:
            draw.rectangle((x - r, y - r * 0.6, x + r, y + r * 0.6), fill=colour)
        img.alpha_composite(layer)


SCENES = {
    "mountains": scene_mountains,
    "fields": scene_fields,
    "sea": scene_sea,
    "skyline": scene_skyline,
    "lights": scene_lights,
    "pitch": scene_pitch,
    "stars": scene_stars,
    "abstract": scene_abstract,
}


def add_grain(img, sigma=7):
    """Add monochrome film grain, so flat areas look photographed rather than drawn."""
    noise = Image.effect_noise(img.size, sigma).convert("RGB")
    return ImageChops.add(img, noise, scale=1.0, offset=-128)


def finish(img, size):
    return add_grain(img.convert("RGB").resize(size, Image.Resampling.BICUBIC))


def draw_scene(scene, *, palette, seed, size=PHOTO_SIZE):
    """Return an RGB landscape of the named scene, the same for the same arguments."""
    rng = random.Random(seed)
    colours = PALETTES[palette]
    work = (max(size[0] // 2, 8), max(size[1] // 2, 8))
    img = vertical_gradient(work, *colours["sky"])
    if scene == "abstract":
        img = img.convert("RGBA")
    SCENES[scene](img, rng, colours)
    return finish(img, size)


def draw_portrait(*, palette, seed, size=PORTRAIT_SIZE):
    """Return an RGB head-and-shoulders silhouette on a soft studio background."""
    rng = random.Random(seed)
    colours = PALETTES[palette]
    work = (max(size[0] // 2, 8), max(size[1] // 2, 8))
    w, h = work
    light, dark = colours["sky"][1], colours["sky"][0]
    img = vertical_gradient(work, mix(light, (255, 255, 255), 0.3), mix(light, dark, 0.4))
    # A pool of light behind the head, as a studio backdrop is lit.
    glow(img, (w * 0.5, h * 0.4), w * 0.22, mix(light, (255, 255, 255), 0.55), strength=90)
    draw = ImageDraw.Draw(img)
    figure = mix(colours["ground"][1], dark, 0.3)
    cx = w * rng.uniform(0.47, 0.53)
    head_w, head_h = w * rng.uniform(0.26, 0.3), h * rng.uniform(0.33, 0.36)
    head_top = h * rng.uniform(0.17, 0.2)
    shoulders_top = h * 0.61
    shoulders_half = w * rng.uniform(0.44, 0.48)
    draw.ellipse((cx - shoulders_half, shoulders_top, cx + shoulders_half, shoulders_top + h * 0.9), fill=figure)
    draw.rectangle((cx - head_w * 0.3, head_top + head_h * 0.7, cx + head_w * 0.3, shoulders_top + h * 0.05),
                   fill=figure)
    draw.ellipse((cx - head_w / 2, head_top, cx + head_w / 2, head_top + head_h), fill=figure)
    # An open collar in a lighter tone suggests a shirt under a jacket.
    collar = mix(figure, light, 0.55)
    draw.polygon([(cx - w * 0.06, shoulders_top + h * 0.01), (cx + w * 0.06, shoulders_top + h * 0.01),
                  (cx, shoulders_top + h * 0.14)], fill=collar)
    return finish(img, size)


def jpeg_bytes(img, *, quality=84):
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
    return buffer.getvalue()
