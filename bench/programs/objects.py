# Classes: instance attributes, method calls, properties, inheritance, __slots__.
class Vector:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def add(self, other):
        return Vector(self.x + other.x, self.y + other.y)

    @property
    def norm1(self):
        return abs(self.x) + abs(self.y)


class Particle:
    def __init__(self, position, velocity):
        self.position = position
        self.velocity = velocity
        self.steps = 0

    def step(self):
        self.position = self.position.add(self.velocity)
        self.steps += 1


class Heavy(Particle):
    def step(self):
        super().step()
        self.velocity = Vector(self.velocity.x - 1, self.velocity.y)


particles = [Particle(Vector(i, -i), Vector(1, 2)) if i % 3 else Heavy(Vector(i, i), Vector(3, 1)) for i in range(300)]
for _ in range(10_000):
    for p in particles:
        p.step()
print(sum(p.position.norm1 + p.steps for p in particles))
