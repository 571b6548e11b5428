# A small ray tracer: Vector objects with operator methods, spheres and a plane, point
# lights with shadows, diffuse and specular shading, and mirror reflections.
import math


class Vector:
    __slots__ = ("x", "y", "z")

    def __init__(self, x, y, z):
        self.x = x
        self.y = y
        self.z = z

    def __add__(self, other):
        return Vector(self.x + other.x, self.y + other.y, self.z + other.z)

    def __sub__(self, other):
        return Vector(self.x - other.x, self.y - other.y, self.z - other.z)

    def __mul__(self, factor):
        return Vector(self.x * factor, self.y * factor, self.z * factor)

    def dot(self, other):
        return self.x * other.x + self.y * other.y + self.z * other.z

    def length(self):
        return math.sqrt(self.dot(self))

    def normalized(self):
        return self * (1.0 / self.length())

    def reflect(self, normal):
        return self - normal * (2.0 * self.dot(normal))


class Ray:
    def __init__(self, origin, direction):
        self.origin = origin
        self.direction = direction.normalized()

    def point_at(self, distance):
        return self.origin + self.direction * distance


class Material:
    def __init__(self, color, diffuse, specular, reflection):
        self.color = color
        self.diffuse = diffuse
        self.specular = specular
        self.reflection = reflection


class Sphere:
    def __init__(self, center, radius, material):
        self.center = center
        self.radius = radius
        self.material = material

    def intersect(self, ray):
        to_center = self.center - ray.origin
        along = to_center.dot(ray.direction)
        if along < 0:
            return None
        gap = to_center.dot(to_center) - along * along
        if gap > self.radius * self.radius:
            return None
        half_chord = math.sqrt(self.radius * self.radius - gap)
        distance = along - half_chord
        return distance if distance > 1e-6 else along + half_chord

    def normal_at(self, point):
        return (point - self.center).normalized()


class Plane:
    def __init__(self, point, normal, material):
        self.point = point
        self.normal = normal.normalized()
        self.material = material

    def intersect(self, ray):
        facing = ray.direction.dot(self.normal)
        if abs(facing) < 1e-9:
            return None
        distance = (self.point - ray.origin).dot(self.normal) / facing
        return distance if distance > 1e-6 else None

    def normal_at(self, point):
        return self.normal


class Scene:
    def __init__(self, objects, lights, ambient):
        self.objects = objects
        self.lights = lights
        self.ambient = ambient

    def nearest(self, ray):
        best, best_distance = None, math.inf
        for thing in self.objects:
            distance = thing.intersect(ray)
            if distance is not None and distance < best_distance:
                best, best_distance = thing, distance
        return best, best_distance

    def shadowed(self, point, light):
        to_light = light - point
        distance = to_light.length()
        ray = Ray(point, to_light)
        for thing in self.objects:
            hit = thing.intersect(ray)
            if hit is not None and hit < distance:
                return True
        return False

    def trace(self, ray, depth):
        thing, distance = self.nearest(ray)
        if thing is None:
            return Vector(0.1, 0.1, 0.15)
        point = ray.point_at(distance)
        normal = thing.normal_at(point)
        material = thing.material
        color = material.color * self.ambient
        for light in self.lights:
            if self.shadowed(point, light):
                continue
            to_light = (light - point).normalized()
            lambert = normal.dot(to_light)
            if lambert > 0:
                color = color + material.color * (lambert * material.diffuse)
                shine = to_light.reflect(normal).dot(ray.direction)
                if shine > 0:
                    color = color + Vector(1.0, 1.0, 1.0) * (material.specular * shine ** 20)
        if depth > 0 and material.reflection > 0:
            bounced = self.trace(Ray(point, ray.direction.reflect(normal)), depth - 1)
            color = color + bounced * material.reflection
        return color


def render(scene, width, height):
    eye = Vector(0.0, 1.0, -5.0)
    checksum = 0
    for row in range(height):
        for column in range(width):
            x = (column - width / 2) / width
            y = (height / 2 - row) / height
            color = scene.trace(Ray(eye, Vector(x, y + 0.1, 1.0)), 2)
            checksum += (min(255, int(color.x * 255)) * 65536 + min(255, int(color.y * 255)) * 256
                         + min(255, int(color.z * 255)))
    return checksum


scene = Scene(
    [
        Sphere(Vector(0.0, 1.0, 3.0), 1.0, Material(Vector(0.9, 0.2, 0.2), 0.7, 0.5, 0.3)),
        Sphere(Vector(-2.0, 0.6, 4.0), 0.6, Material(Vector(0.2, 0.8, 0.3), 0.8, 0.3, 0.1)),
        Sphere(Vector(1.8, 0.5, 2.0), 0.5, Material(Vector(0.3, 0.3, 0.9), 0.6, 0.8, 0.5)),
        Plane(Vector(0.0, 0.0, 0.0), Vector(0.0, 1.0, 0.0), Material(Vector(0.8, 0.8, 0.7), 0.9, 0.0, 0.2)),
    ],
    [Vector(-3.0, 5.0, -2.0), Vector(4.0, 4.0, 0.0)],
    0.1,
)
print(render(scene, 360, 270))
