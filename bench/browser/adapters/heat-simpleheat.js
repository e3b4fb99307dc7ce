// simpleheat (Vladimir Agafonkin): Canvas 2D, a blurred circle stamped per point, then coloured.
import simpleheat from 'simpleheat';

/** simpleheat's input: an array of [x, y, value]. */
export function prepare(points) {
  const data = new Array(points.length / 3);
  for (let i = 0; i < data.length; i += 1) data[i] = [points[i * 3], points[i * 3 + 1], points[i * 3 + 2]];
  return data;
}

export function draw(container, data, { width, height, radius, blur, maxWeight }) {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  container.append(canvas);
  // radius(r, blur): a disc of r px with a shadow blur of `blur` px, r + blur px in all, so the
  // same reach as the other libraries' radius. A point of the largest weight is fully opaque.
  simpleheat(canvas)
    .data(data)
    .max(maxWeight)
    .radius(radius - blur, blur)
    .draw();
}
